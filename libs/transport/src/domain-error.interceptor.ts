import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { catchError, throwError } from 'rxjs';
import { DomainError, InternalError, toErrorPayload } from '@lamini/contracts';

/**
 * On the service side of the transport: a DomainError leaves as `{ code, detail }`, which the
 * caller's ServiceClient turns back into the same error. Anything else (an engine or a store
 * failing in a way no code path expected) is logged with its stack here and leaves as an
 * InternalError naming the operation and the cause, never as a bare internal error.
 */
@Injectable()
export class DomainErrorInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ServiceError');

  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType() !== 'rpc') return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof DomainError) return throwError(() => new RpcException(toErrorPayload(error)));
        this.logger.error((error as Error)?.stack ?? String(error));
        const internal = InternalError.during(`${operationOf(context)} failed`, error);
        return throwError(() => new RpcException(toErrorPayload(internal)));
      }),
    );
  }
}

function operationOf(context: ExecutionContext): string {
  const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
  const pattern = Array.isArray(patterns) ? patterns[0] : patterns;
  return typeof pattern === 'string' ? pattern : context.getHandler().name;
}
