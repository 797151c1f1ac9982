/**
 * Every kind of failure a caller can be told about. A service throws the DomainError of a code,
 * the transport carries the code, and the gateway answers the code's HTTP status (its one map
 * is an exhaustive switch, so a code added here without a status does not compile).
 */
export enum ErrorCode {
  Unauthorized = 'Unauthorized',
  /** A route or resource that does not exist (another owner's is one of these too). */
  NotFound = 'NotFound',
  JobNotFound = 'JobNotFound',
  ModelNotFound = 'ModelNotFound',
  ProjectNotFound = 'ProjectNotFound',
  DuplicateResource = 'DuplicateResource',
  Conflict = 'Conflict',
  BadRequest = 'BadRequest',
  /** The spec allows the value but the service cannot take it; `loc` names the field. */
  InvalidInput = 'InvalidInput',
  PayloadTooLarge = 'PayloadTooLarge',
  Overloaded = 'Overloaded',
  ClientClosedRequest = 'ClientClosedRequest',
  ModelDownloading = 'ModelDownloading',
  ServiceUnavailable = 'ServiceUnavailable',
  RequestTimeout = 'RequestTimeout',
  JobFailed = 'JobFailed',
  /** A fault inside a service or its engine, named in the detail: never a bare "Internal Server Error". */
  Internal = 'Internal',
}

const CODES = new Set<string>(Object.values(ErrorCode));

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
