import { ApplicationError } from '../errors/application.error.js';

/** One invalid query parameter: a JSON Pointer to it, and what is wrong. */
export interface AdminAuditQueryProblem {
  pointer: string;
  message: string;
}

/**
 * `GET /admin/audit` was asked with a parameter it does not know or a value it does not take.
 * Answered 400 `VALIDATION_FAILED` with `errors: [{ pointer, message }]`.
 */
export class InvalidAdminAuditQueryError extends ApplicationError {
  static readonly CODE = 'RESILIENCE.ADMIN_AUDIT_QUERY_INVALID';
  readonly code = InvalidAdminAuditQueryError.CODE;
  readonly problem = 'VALIDATION_FAILED';
  readonly extensions: Readonly<Record<string, unknown>>;

  /** @param errors the invalid parameters */
  constructor(readonly errors: readonly AdminAuditQueryProblem[]) {
    super(`Invalid query: ${errors.map((e) => e.pointer).join(', ')}`);
    this.extensions = { errors };
  }
}
