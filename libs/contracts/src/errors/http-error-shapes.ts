/** FastAPI's error bodies, which the Lamini SDK parses. */
export interface ValidationIssue {
  loc: Array<string | number>;
  msg: string;
  type: string;
  input?: unknown;
}

export interface ValidationErrorBody {
  detail: ValidationIssue[];
}

export interface ErrorBody {
  detail: string;
}
