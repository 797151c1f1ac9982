import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { catchError, throwError } from 'rxjs';
import { DomainError, toErrorPayload } from '@lamini/contracts';

/**
 * On the service side of the transport: a DomainError leaves as `{ code, detail }`, which the
 * caller's ServiceClient turns back into the same error. Anything else is a bug, logged here
 * and answered by Nest as an internal error.
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
        return throwError(() => error);
      }),
    );
  }
}
