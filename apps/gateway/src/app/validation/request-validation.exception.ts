import type { ValidationIssue } from '@lamini/contracts';

/** A request that does not match the spec: answered 422 with every issue found. */
export class RequestValidationException extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`${issues.length} validation issue(s)`);
  }
}
