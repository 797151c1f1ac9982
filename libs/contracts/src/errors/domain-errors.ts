import { ErrorCode } from './error-code';

/**
 * Errors that carry meaning across the transport. A service throws one of these; the transport
 * carries `{ code, detail }`; the gateway's filter turns the code back into an HTTP status.
 * Every class takes the client-facing detail as its only constructor argument so the caller's
 * side can rebuild it from the payload.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly code = ErrorCode.NotFound;
}

/** The Lamini SDK raises ModelNotFoundError for this one. */
export class ModelNotFoundError extends DomainError {
  readonly code = ErrorCode.ModelNotFound;
  static forModel(modelName: string) {
    return new ModelNotFoundError(`Model not found: ${modelName}`);
  }
}

export class JobNotFoundError extends DomainError {
  readonly code = ErrorCode.JobNotFound;
  static forJob(jobId: string) {
    return new JobNotFoundError(`Job not found: ${jobId}`);
  }
}

/** A classifier project the caller does not have; the SDK raises ProjectNotFoundError for it. */
export class ProjectNotFoundError extends DomainError {
  readonly code = ErrorCode.ProjectNotFound;
  static forProject(projectName: string) {
    return new ProjectNotFoundError(`Project not found: ${projectName}`);
  }
}

/** Creating something that already exists under that name; the SDK raises DuplicateResourceError. */
export class DuplicateResourceError extends DomainError {
  readonly code = ErrorCode.DuplicateResource;
}

/** The resource is in a state that does not allow the operation (resuming a running job). */
export class ConflictError extends DomainError {
  readonly code = ErrorCode.Conflict;
}

export class BadRequestError extends DomainError {
  readonly code = ErrorCode.BadRequest;
}

/** The Lamini SDK raises DownloadingModelError for this, reading the text after "Downloading". */
export class ModelDownloadingError extends DomainError {
  readonly code = ErrorCode.ModelDownloading;
  static forModel(modelName: string) {
    return new ModelDownloadingError(`Model is not ready. Downloading ${modelName}; try again when the download completes.`);
  }
}

export class OverloadedError extends DomainError {
  readonly code = ErrorCode.Overloaded;
}

export class ServiceUnavailableError extends DomainError {
  readonly code = ErrorCode.ServiceUnavailable;
  static forService(service: string) {
    return new ServiceUnavailableError(`${service} unavailable`);
  }
}

export class RequestTimeoutError extends DomainError {
  readonly code = ErrorCode.RequestTimeout;
}

/** A request larger than the transport between gateway and services carries (NATS's max_payload). */
export class PayloadTooLargeError extends DomainError {
  readonly code = ErrorCode.PayloadTooLarge;
}

/** The caller went away before the answer; nobody reads the answer to this. */
export class ClientClosedRequestError extends DomainError {
  readonly code = ErrorCode.ClientClosedRequest;
}

/**
 * A request the spec allows but the service cannot take (an empty prompt, too many of them):
 * answered 422 in FastAPI's shape, `loc` naming the field within the body.
 */
export class InvalidInputError extends DomainError {
  readonly code = ErrorCode.InvalidInput;
  loc: Array<string | number> = [];

  static at(loc: Array<string | number>, detail: string): InvalidInputError {
    const error = new InvalidInputError(detail);
    error.loc = loc;
    return error;
  }
}

/** A job the caller asked after ended without a result (it failed, or was cancelled). */
export class JobFailedError extends DomainError {
  readonly code = ErrorCode.JobFailed;
}

export class UnauthorizedError extends DomainError {
  readonly code = ErrorCode.Unauthorized;
}

/**
 * A fault inside a service: an engine that could not load a model, a store that refused a
 * write. The detail says what failed and where, so the caller is never left with a bare 500.
 */
export class InternalError extends DomainError {
  readonly code = ErrorCode.Internal;

  /** Wraps whatever `cause` is (an engine's Error, a rejected value) under a sentence saying what was being done. */
  static during(what: string, cause: unknown): InternalError {
    return new InternalError(`${what}: ${describeCause(cause)}`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof DomainError) return cause.detail;
  if (cause instanceof Error) return cause.message || cause.name;
  const message = (cause as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  return typeof cause === 'string' ? cause : JSON.stringify(cause) ?? String(cause);
}
