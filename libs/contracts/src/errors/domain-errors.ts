/**
 * Errors that carry meaning across the transport. A service throws one of these; the transport
 * carries `{ code, detail }`; the gateway's filter turns the code back into an HTTP status.
 * Every class takes the client-facing detail as its only constructor argument so the caller's
 * side can rebuild it from the payload.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly code: string = 'NotFound';
}

export class ModelNotFoundError extends NotFoundError {
  override readonly code = 'ModelNotFound';
  static forModel(modelName: string) {
    return new ModelNotFoundError(`Model not found: ${modelName}`);
  }
}

export class JobNotFoundError extends NotFoundError {
  override readonly code = 'JobNotFound';
  static forJob(jobId: string) {
    return new JobNotFoundError(`Job not found: ${jobId}`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'Conflict';
}

export class BadRequestError extends DomainError {
  readonly code = 'BadRequest';
}

/** The Lamini SDK raises DownloadingModelError for this, reading the text after "Downloading". */
export class ModelDownloadingError extends DomainError {
  readonly code = 'ModelDownloading';
  static forModel(modelName: string) {
    return new ModelDownloadingError(`Model is not ready. Downloading ${modelName}; try again when the download completes.`);
  }
}

export class OverloadedError extends DomainError {
  readonly code = 'Overloaded';
}

export class ServiceUnavailableError extends DomainError {
  readonly code = 'ServiceUnavailable';
  static forService(service: string) {
    return new ServiceUnavailableError(`${service} unavailable`);
  }
}

export class RequestTimeoutError extends DomainError {
  readonly code = 'RequestTimeout';
}

/** A request larger than the transport between gateway and services carries (NATS's max_payload). */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'PayloadTooLarge';
}

/** The caller went away before the answer (nginx's 499); nobody reads the answer to this. */
export class ClientClosedRequestError extends DomainError {
  readonly code = 'ClientClosedRequest';
}

/**
 * A request the spec allows but the service cannot take (an empty prompt, too many of them):
 * answered 422 in FastAPI's shape, `loc` naming the field within the body.
 */
export class InvalidInputError extends DomainError {
  readonly code = 'InvalidInput';
  loc: Array<string | number> = [];

  static at(loc: Array<string | number>, detail: string): InvalidInputError {
    const error = new InvalidInputError(detail);
    error.loc = loc;
    return error;
  }
}

/** A job the caller asked after ended without a result (it failed, or was cancelled). */
export class JobFailedError extends DomainError {
  readonly code = 'JobFailed';
}

export class UnauthorizedError extends DomainError {
  readonly code = 'Unauthorized';
}
