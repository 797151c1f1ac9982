import {
  BadRequestError,
  ClientClosedRequestError,
  ConflictError,
  DomainError,
  InvalidInputError,
  JobFailedError,
  JobNotFoundError,
  ModelDownloadingError,
  ModelNotFoundError,
  NotFoundError,
  OverloadedError,
  PayloadTooLargeError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnauthorizedError,
} from './domain-errors';

/** What crosses the transport when a handler fails. */
export interface ErrorPayload {
  code: string;
  detail: string;
  /** Where in the request body the problem is (InvalidInputError). */
  loc?: Array<string | number>;
}

const ERROR_CLASSES: Record<string, new (detail: string) => DomainError> = {
  NotFound: NotFoundError,
  ModelNotFound: ModelNotFoundError,
  JobNotFound: JobNotFoundError,
  JobFailed: JobFailedError,
  InvalidInput: InvalidInputError,
  Conflict: ConflictError,
  BadRequest: BadRequestError,
  ModelDownloading: ModelDownloadingError,
  Overloaded: OverloadedError,
  ServiceUnavailable: ServiceUnavailableError,
  RequestTimeout: RequestTimeoutError,
  ClientClosedRequest: ClientClosedRequestError,
  PayloadTooLarge: PayloadTooLargeError,
  Unauthorized: UnauthorizedError,
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

/** Rebuilds the domain error on the caller's side; an unknown code is treated as a bad request. */
export function fromErrorPayload(payload: ErrorPayload): DomainError {
  if (payload.code === 'InvalidInput') return InvalidInputError.at(payload.loc ?? [], payload.detail);
  const ErrorClass = ERROR_CLASSES[payload.code] ?? BadRequestError;
  return new ErrorClass(payload.detail);
}
