import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { catchError, finalize, tap, throwError } from 'rxjs';
import { DomainError, ErrorCode, InternalError, toErrorPayload } from '@lamini/contracts';
import { Metrics } from '@lamini/metrics';

/**
 * On the service side of the transport: a DomainError leaves as `{ code, detail }`, which the
 * caller's ServiceClient turns back into the same error. Anything else (an engine or a store
 * failing in a way no code path expected) is logged with its stack here and leaves as an
 * InternalError naming the operation and the cause, never as a bare internal error. Every
 * message handled is counted and timed here too, by subject and outcome.
 */
@Injectable()
export class DomainErrorInterceptor implements NestInterceptor {
  private readonly logger = new Logger('ServiceError');

  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler) {
    if (context.getType() !== 'rpc') return next.handle();
    const subject = operationOf(context);
    const started = performance.now();
    // `ok`, the code the caller receives, or `cancelled` when the handler is unsubscribed first.
    let outcome = 'cancelled';
    return next.handle().pipe(
      tap({
        complete: () => (outcome = 'ok'),
        error: (error: unknown) => (outcome = error instanceof DomainError ? error.code : ErrorCode.Internal),
      }),
      catchError((error: unknown) => {
        if (error instanceof DomainError) return throwError(() => new RpcException(toErrorPayload(error)));
        this.logger.error((error as Error)?.stack ?? String(error));
        const internal = InternalError.during(`${subject} failed`, error);
        return throwError(() => new RpcException(toErrorPayload(internal)));
      }),
      finalize(() => {
        this.metrics.transportRequests.inc({ subject, outcome });
        this.metrics.transportDuration.observe({ subject, outcome }, (performance.now() - started) / 1000);
      }),
    );
  }
}

function operationOf(context: ExecutionContext): string {
  const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
  const pattern = Array.isArray(patterns) ? patterns[0] : patterns;
  return typeof pattern === 'string' ? pattern : context.getHandler().name;
}
