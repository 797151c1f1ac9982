import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Response } from 'express';

/**
 * An AbortSignal that aborts when the HTTP client goes away before its answer is complete, for
 * routes whose work should stop with it (`ServiceClient.send(..., { signal })`).
 */
export const ClientGone = createParamDecorator((_: unknown, context: ExecutionContext): AbortSignal => {
  const response = context.switchToHttp().getResponse<Response>();
  const gone = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) gone.abort();
  });
  return gone.signal;
});
