import { ErrorCategory, ErrorSeverity } from '../error-category.enum.js';
import type {
  ClassificationMatch,
  ClassificationRule,
} from '../error-classification.interface.js';
import { readCode, readProperty } from './error-inspection.util.js';

/** Shape of a SQLSTATE: five digits or upper-case letters. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE of a PostgreSQL error, raw from `pg` or wrapped by TypeORM's `QueryFailedError`
 * (which keeps it in `driverError`). A `pg` `DatabaseError` always carries the server's
 * `severity`; requiring it keeps five-letter Node codes such as `EPIPE` out.
 */
function sqlState(error: unknown): string | undefined {
  for (const candidate of [readProperty(error, 'driverError'), error]) {
    const code = readCode(candidate);
    if (
      code !== undefined &&
      SQLSTATE.test(code) &&
      typeof readProperty(candidate, 'severity') === 'string'
    ) {
      return code;
    }
  }
  return undefined;
}

/** Lock contention between our own transactions: retry it, but the server is healthy. */
const CONTENTION: ClassificationMatch = {
  code: 'DEPENDENCY_UNAVAILABLE',
  category: ErrorCategory.TRANSIENT,
  severity: ErrorSeverity.MEDIUM,
  retryable: true,
  countsAsFailure: false,
};

/** The server answered and refused the statement: a bug or bad data of ours, not ill health. */
const STATEMENT_REFUSED: ClassificationMatch = {
  code: 'INTERNAL',
  retryable: false,
  countsAsFailure: false,
};

/** Classification for a SQLSTATE (PostgreSQL manual, appendix A). */
function classifySqlState(state: string): ClassificationMatch {
  switch (state) {
    case '23505': // unique_violation
    case '23P01': // exclusion_violation: a uniqueness over ranges, such as a double booking
      return { code: 'CONFLICT' };
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '55P03': // lock_not_available (NOWAIT, lock_timeout)
      return CONTENTION;
    case '57014': // query_canceled, which a statement_timeout raises: a timeout like any other
      return { code: 'UPSTREAM_TIMEOUT' };
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now
    case '57P05': // idle_session_timeout
    case '25006': // read_only_sql_transaction: still talking to a demoted primary after failover
      return { code: 'DEPENDENCY_UNAVAILABLE' };
    case '53300': // too_many_connections: slots free up
      return {
        code: 'DEPENDENCY_UNAVAILABLE',
        category: ErrorCategory.RESOURCE_EXHAUSTION,
        severity: ErrorSeverity.HIGH,
      };
    case 'XX001': // data_corrupted
    case 'XX002': // index_corrupted
      return {
        code: 'INTERNAL',
        category: ErrorCategory.DATA_CORRUPTION,
        severity: ErrorSeverity.CRITICAL,
        countsAsFailure: true,
      };
  }
  switch (state.slice(0, 2)) {
    case '08': // connection_exception
      return { code: 'DEPENDENCY_UNAVAILABLE' };
    case '53': // insufficient_resources: disk full, out of memory
    case '58': // system_error: I/O error
      return {
        code: 'DEPENDENCY_UNAVAILABLE',
        category: ErrorCategory.RESOURCE_EXHAUSTION,
        retryable: false,
      };
    case '28': // invalid_authorization_specification: the database refuses our credentials
      return {
        code: 'DEPENDENCY_UNAVAILABLE',
        category: ErrorCategory.SECURITY,
        retryable: false,
        countsAsFailure: false,
      };
  }
  // 23503 foreign key, 23502 not null, 23514 check, 22xxx data, 42xxx syntax and the rest.
  return STATEMENT_REFUSED;
}

/**
 * PostgreSQL errors by SQLSTATE: unique violation is `CONFLICT` (409); deadlock, serialization
 * failure and lock timeout are retryable `DEPENDENCY_UNAVAILABLE` (503 once retries run out) that
 * a breaker does not count; lost or refused connections (08xxx, 57P01-57P03) and too many
 * connections (53300) are retryable and counted; statement timeout (57014) is `UPSTREAM_TIMEOUT`;
 * any other refused statement is `INTERNAL` (500), neither retried nor counted.
 */
export const postgresRule: ClassificationRule = {
  name: 'postgres',
  match(error) {
    const state = sqlState(error);
    if (state === undefined) return undefined;
    return { ...classifySqlState(state), sourceCode: state };
  },
};
