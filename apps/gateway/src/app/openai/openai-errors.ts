import { HttpException } from '@nestjs/common';
import { DomainError, ErrorCode, InvalidInputError } from '@lamini/contracts';
import { httpStatusOf } from '../errors/error-status';
import { RequestBodyError } from '../errors/request-body.error';

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/**
 * Errors on the `/inf` routes in OpenAI's shape, with the statuses its clients act on: they
 * raise BadRequestError, AuthenticationError, NotFoundError, RateLimitError... by status, and
 * retry 429 and 5xx by themselves. Lamini's own codes (594, 513, 524) would read as server faults
 * there, so models that are missing or still downloading answer 404 and 503.
 */
export function openAiError(error: unknown): [number, OpenAiErrorBody] | undefined {
  if (error instanceof InvalidInputError) return answer(400, error.detail, 'invalid_request_error', error.loc.join('.') || null);
  if (error instanceof RequestBodyError) {
    const tooLarge = error.kind === 'entity.too.large';
    return answer(tooLarge ? 413 : 400, tooLarge ? 'Request body too large' : `We could not parse the JSON body of your request: ${error.message}`, 'invalid_request_error');
  }
  if (error instanceof DomainError) return domainAnswer(error);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return answer(status, status === 404 ? 'Not found' : error.message, status >= 500 ? 'server_error' : 'invalid_request_error');
  }
  return undefined;
}

function domainAnswer(error: DomainError): [number, OpenAiErrorBody] {
  switch (error.code) {
    case ErrorCode.Unauthorized:
      return answer(401, error.detail, 'invalid_request_error', null, 'invalid_api_key');
    case ErrorCode.ModelNotFound:
      return answer(404, error.detail, 'invalid_request_error', 'model', 'model_not_found');
    case ErrorCode.ModelDownloading:
      return answer(503, error.detail, 'server_error', 'model', 'model_not_ready');
    case ErrorCode.Overloaded:
      return answer(429, error.detail, 'rate_limit_error', null, 'rate_limit_exceeded');
    case ErrorCode.RequestTimeout:
      return answer(504, error.detail, 'server_error', null, 'timeout');
    case ErrorCode.BadRequest:
      return answer(400, error.detail, 'invalid_request_error');
    default: {
      const status = httpStatusOf(error.code);
      return answer(status, error.detail, status >= 500 ? 'server_error' : 'invalid_request_error');
    }
  }
}

function answer(status: number, message: string, type: string, param: string | null = null, code: string | null = null): [number, OpenAiErrorBody] {
  return [status, { error: { message, type, param, code } }];
}

/** Any other answer (an unexpected fault) in OpenAI's shape. */
export function inOpenAiShape([status, body]: [number, object]): [number, OpenAiErrorBody] {
  const detail = (body as { detail?: unknown }).detail;
  return answer(status, typeof detail === 'string' ? detail : 'Invalid request', status >= 500 ? 'server_error' : 'invalid_request_error');
}

export function isOpenAiPath(path: string): boolean {
  return path === '/inf' || path.startsWith('/inf/');
}
