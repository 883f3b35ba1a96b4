import { ErrorCategory, ErrorSeverity } from '../error-category.enum.js';
import type {
  ClassificationMatch,
  ClassificationRule,
} from '../error-classification.interface.js';
import { readCode, readProperty } from './error-inspection.util.js';

/** Prefix of every SQLite result code, primary or extended (`SQLITE_CONSTRAINT_UNIQUE`). */
const SQLITE_PREFIX = 'SQLITE_';

/** The SQLite result code, raw from `better-sqlite3` or kept in TypeORM's `driverError`. */
function sqliteCode(error: unknown): string | undefined {
  for (const candidate of [readProperty(error, 'driverError'), error]) {
    const code = readCode(candidate);
    if (code?.startsWith(SQLITE_PREFIX)) return code;
  }
  return undefined;
}

/** Whether `code` is `primary` or one of its extended codes (`SQLITE_BUSY_SNAPSHOT`). */
function isFamily(code: string, primary: string): boolean {
  return code === primary || code.startsWith(`${primary}_`);
}

/** Classification for a SQLite result code (https://sqlite.org/rescode.html). */
function classifySqliteCode(code: string): ClassificationMatch {
  if (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    return { code: 'CONFLICT' };
  }
  if (isFamily(code, 'SQLITE_BUSY') || isFamily(code, 'SQLITE_LOCKED')) {
    // Another connection holds the lock: retry, but the database itself is fine.
    return {
      code: 'DEPENDENCY_UNAVAILABLE',
      category: ErrorCategory.TRANSIENT,
      severity: ErrorSeverity.MEDIUM,
      retryable: true,
      countsAsFailure: false,
    };
  }
  if (isFamily(code, 'SQLITE_FULL') || isFamily(code, 'SQLITE_NOMEM')) {
    return {
      code: 'DEPENDENCY_UNAVAILABLE',
      category: ErrorCategory.RESOURCE_EXHAUSTION,
      retryable: false,
    };
  }
  if (isFamily(code, 'SQLITE_CORRUPT') || isFamily(code, 'SQLITE_NOTADB')) {
    return {
      code: 'INTERNAL',
      category: ErrorCategory.DATA_CORRUPTION,
      severity: ErrorSeverity.CRITICAL,
      countsAsFailure: true,
    };
  }
  if (isFamily(code, 'SQLITE_IOERR') || isFamily(code, 'SQLITE_CANTOPEN')) {
    return { code: 'DEPENDENCY_UNAVAILABLE', retryable: false };
  }
  // Other constraints, SQLITE_ERROR (syntax), SQLITE_MISMATCH...: our statement is wrong.
  return { code: 'INTERNAL', retryable: false, countsAsFailure: false };
}

/**
 * SQLite errors by result code: `SQLITE_BUSY` and `SQLITE_LOCKED` are retryable and not counted,
 * a unique or primary key violation is `CONFLICT`, `SQLITE_FULL` is resource exhaustion,
 * `SQLITE_CORRUPT` is data corruption, other codes are `INTERNAL` and not counted.
 */
export const sqliteRule: ClassificationRule = {
  name: 'sqlite',
  match(error) {
    const code = sqliteCode(error);
    if (code === undefined) return undefined;
    return { ...classifySqliteCode(code), sourceCode: code };
  },
};
