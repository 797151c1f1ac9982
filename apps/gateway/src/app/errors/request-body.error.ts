import type { NextFunction, Request, Response } from 'express';
import { json } from 'express';
import { jsonDepthExceeds } from './json-depth';

/** Deeper than any request of the API needs (its deepest, `output_type` lists, is 3). */
export const MAX_JSON_DEPTH = 32;

/** A body express could not read (malformed JSON, too large, an unknown charset), or nested too deeply. */
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
    parse(request, response, (error?: { type?: string; message: string }) => {
      if (error) return next(new RequestBodyError(error.type ?? 'unknown', error.message));
      if (jsonDepthExceeds(request.body, MAX_JSON_DEPTH)) {
        return next(new RequestBodyError('entity.too.deep', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
      }
      next();
    });
}
