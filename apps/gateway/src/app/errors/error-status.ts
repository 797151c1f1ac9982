import { ErrorCode } from '@lamini/contracts';

/**
 * The HTTP status of each domain error code: the one map, exhaustive by construction. The
 * unusual codes are the ones the Lamini SDK turns into its own exceptions: 497
 * DuplicateResourceError, 499 ProjectNotFoundError, 513 DownloadingModelError, 524
 * RequestTimeoutError, 594 ModelNotFoundError.
 */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadRequest:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.NotFound:
    case ErrorCode.JobNotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.InvalidInput:
      return 422;
    case ErrorCode.Overloaded:
      return 429;
    // AWS load balancers' code for a client that closed the connection first; nginx's 499 is
    // the SDK's ProjectNotFoundError. Nobody reads this answer; it names the case in logs.
    case ErrorCode.ClientClosedRequest:
      return 460;
    case ErrorCode.DuplicateResource:
      return 497;
    case ErrorCode.ProjectNotFound:
      return 499;
    case ErrorCode.JobFailed:
    case ErrorCode.Internal:
      return 500;
    case ErrorCode.ServiceUnavailable:
      return 503;
    case ErrorCode.ModelDownloading:
      return 513;
    case ErrorCode.RequestTimeout:
      return 524;
    case ErrorCode.ModelNotFound:
      return 594;
    default:
      return unreachable(code);
  }
}

function unreachable(code: never): never {
  throw new Error(`ErrorCode ${String(code)} has no HTTP status`);
}
