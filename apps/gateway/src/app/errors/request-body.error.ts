import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';

/** A body express could not read: malformed JSON, too large, or in an unknown charset. */
export class RequestBodyError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * express's JSON parser, with its failures passed on as RequestBodyError. Nest would otherwise
 * turn a malformed body into a bare 400, and the Lamini API answers it with a 422.
 */
export function jsonBodyParser(limit: string) {
  const parse = json({ limit, type: ['application/json', 'application/*+json'] });
  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: { type?: string; message: string }) =>
      next(error ? new RequestBodyError(error.type ?? 'unknown', error.message) : undefined),
    );
}
