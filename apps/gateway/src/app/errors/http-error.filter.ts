import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import type { Request, Response } from 'express';
import { DomainError, type ErrorBody, InvalidInputError, type ValidationErrorBody } from '@lamini/contracts';
import { inOpenAiShape, isOpenAiPath, openAiError } from '../openai/openai-errors';
import { RequestValidationException } from '../validation/request-validation.exception';
import { httpStatusOf } from './error-status';
import { RequestBodyError } from './request-body.error';

/**
 * The one place errors become HTTP answers: in FastAPI's `{"detail": ...}` shape, except on the
 * OpenAI-compatible routes (`/inf`), which answer in OpenAI's `{"error": {...}}`. Global
 * filters also see message handlers' errors when services share the process (embedded mode);
 * those keep Nest's own RPC handling.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private readonly rpcFilter = new BaseRpcExceptionFilter();

  catch(error: unknown, host: ArgumentsHost) {
    if (host.getType() === 'rpc') return this.rpcFilter.catch(error, host);
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    const openAi = isOpenAiPath(host.switchToHttp().getRequest<Request>().path);
    const [status, body] = openAi ? (openAiError(error) ?? inOpenAiShape(this.toHttp(error))) : this.toHttp(error);
    if (response.headersSent) return void response.end();
    response.status(status).json(body);
  }

  private toHttp(error: unknown): [number, ErrorBody | ValidationErrorBody | object] {
    if (error instanceof RequestValidationException) return [422, { detail: error.issues }];
    if (error instanceof InvalidInputError) return [422, { detail: [{ type: 'value_error', loc: ['body', ...error.loc], msg: error.detail, input: null }] }];
    if (error instanceof DomainError) return [httpStatusOf(error.code), { detail: error.detail }];
    if (error instanceof RequestBodyError) return bodyError(error);
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const detail = typeof body === 'object' && body !== null && 'detail' in body ? body.detail : httpDetail(error);
      return [error.getStatus(), { detail }];
    }
    this.logger.error((error as Error)?.stack ?? String(error));
    return [HttpStatus.INTERNAL_SERVER_ERROR, { detail: 'Internal Server Error' }];
  }
}

/** Bad JSON is a 422, as FastAPI answers it, and so is JSON nested too deeply; an oversized body a 413. */
function bodyError(error: RequestBodyError): [number, object] {
  switch (error.kind) {
    case 'entity.parse.failed': {
      const position = Number(/position (\d+)/.exec(error.message)?.[1] ?? 0);
      const issue = { type: 'json_invalid', loc: ['body', position], msg: 'JSON decode error', input: {}, ctx: { error: error.message } };
      return [422, { detail: [issue] }];
    }
    case 'entity.too.deep':
      return [422, { detail: [{ type: 'json_too_deep', loc: ['body'], msg: error.message, input: null }] }];
    case 'entity.too.large':
      return [413, { detail: 'Request body too large' }];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, { detail: error.message }];
    default:
      return [400, { detail: error.message }];
  }
}

function httpDetail(error: HttpException): string {
  return error.getStatus() === 404 ? 'Not Found' : error.message;
}
