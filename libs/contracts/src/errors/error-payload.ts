import {
  BadRequestError,
  ClientClosedRequestError,
  ConflictError,
  DomainError,
  DuplicateResourceError,
  InternalError,
  InvalidInputError,
  JobFailedError,
  JobNotFoundError,
  ModelDownloadingError,
  ModelNotFoundError,
  NotFoundError,
  OverloadedError,
  PayloadTooLargeError,
  ProjectNotFoundError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
} from './domain-errors';
import { ErrorCode, isErrorCode } from './error-code';

/** What crosses the transport when a handler fails. */
export interface ErrorPayload {
  code: string;
  detail: string;
  /** Where in the request body the problem is (InvalidInputError). */
  loc?: Array<string | number>;
}

/** The class of each code; a Record over the enum, so a new code without its class does not compile. */
const ERROR_CLASSES: Record<ErrorCode, new (detail: string) => DomainError> = {
  [ErrorCode.Unauthorized]: UnauthorizedError,
  [ErrorCode.NotFound]: NotFoundError,
  [ErrorCode.JobNotFound]: JobNotFoundError,
  [ErrorCode.ModelNotFound]: ModelNotFoundError,
  [ErrorCode.ProjectNotFound]: ProjectNotFoundError,
  [ErrorCode.DuplicateResource]: DuplicateResourceError,
  [ErrorCode.Conflict]: ConflictError,
  [ErrorCode.BadRequest]: BadRequestError,
  [ErrorCode.InvalidInput]: InvalidInputError,
  [ErrorCode.PayloadTooLarge]: PayloadTooLargeError,
  [ErrorCode.Overloaded]: OverloadedError,
  [ErrorCode.ClientClosedRequest]: ClientClosedRequestError,
  [ErrorCode.ModelDownloading]: ModelDownloadingError,
  [ErrorCode.ServiceUnavailable]: ServiceUnavailableError,
  [ErrorCode.RequestTimeout]: RequestTimeoutError,
  [ErrorCode.JobFailed]: JobFailedError,
  [ErrorCode.Internal]: InternalError,
};

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    typeof (value as ErrorPayload).detail === 'string'
  );
}

export function toErrorPayload(error: DomainError): ErrorPayload {
  return error instanceof InvalidInputError ? { code: error.code, detail: error.detail, loc: error.loc } : { code: error.code, detail: error.detail };
}

/**
 * Rebuilds the domain error on the caller's side. A code this side does not know (a service of
 * a newer version) is a fault of that service, reported as such with its detail.
 */
export function fromErrorPayload(payload: ErrorPayload): DomainError {
  if (!isErrorCode(payload.code)) return new InternalError(`${payload.detail} (error code ${payload.code})`);
  if (payload.code === ErrorCode.InvalidInput) return InvalidInputError.at(payload.loc ?? [], payload.detail);
  return new ERROR_CLASSES[payload.code](payload.detail);
}
