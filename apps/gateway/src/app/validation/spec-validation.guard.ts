import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RequestValidationException } from './request-validation.exception';
import { SPEC_OPERATION } from './spec-operation.decorator';
import { SpecValidator } from './spec-validator';

/**
 * Runs after authentication: a request to a spec operation reaches its handler only if its
 * body, path and query match the spec. A guard rather than a pipe so every part of the request
 * is checked together and all problems are reported at once.
 */
@Injectable()
export class SpecValidationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly validator: SpecValidator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const operationId = this.reflector.get<string | undefined>(SPEC_OPERATION, context.getHandler());
    if (!operationId) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const hasBody = request.body !== undefined && request.headers['content-length'] !== '0';
    const issues = this.validator.validate(operationId, {
      body: request.body,
      params: request.params,
      query: request.query as Record<string, unknown>,
      hasBody,
    });
    if (issues.length) throw new RequestValidationException(issues);
    return true;
  }
}
