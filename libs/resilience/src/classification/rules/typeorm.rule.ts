import { ErrorCategory, ErrorSeverity } from '../error-category.enum.js';
import type {
  ClassificationMatch,
  ClassificationRule,
} from '../error-classification.interface.js';
import {
  hasClassNamed,
  readCode,
  readProperty,
} from './error-inspection.util.js';
import { isNetworkFailureCode } from './network-codes.constants.js';

/** TypeORM errors raised because no connection to the database is open. */
const NOT_CONNECTED = [
  'ConnectionIsNotSetError',
  'CannotExecuteNotConnectedError',
  'CannotGetEntityManagerNotConnectedError',
  // TypeORM releases a query runner when its connection reports an error, so the next
  // statement of a transaction whose connection was lost fails with this.
  'QueryRunnerAlreadyReleasedError',
];

/** TypeORM errors that say the data source is set up wrong. */
const MISCONFIGURED = [
  'DriverPackageNotInstalledError',
  'MissingDriverError',
  'DriverOptionNotSetError',
  'NoConnectionOptionError',
  'ConnectionNotFoundError',
];

/** A query that never reached the database, or lost it, because of the network. */
function lostConnection(error: unknown): string | undefined {
  for (const candidate of [readProperty(error, 'driverError'), error]) {
    const code = readCode(candidate);
    if (code !== undefined && isNetworkFailureCode(code)) return code;
  }
  return undefined;
}

/** Classification of a TypeORM error; `undefined` leaves a `QueryFailedError` to the others. */
function classifyTypeOrmError(error: unknown): ClassificationMatch | undefined {
  if (hasClassNamed(error, 'QueryFailedError')) {
    const code = lostConnection(error);
    if (code !== undefined)
      return { code: 'DEPENDENCY_UNAVAILABLE', sourceCode: code };
    // A driver error without any code never got an answer from the server: the connection
    // ended under the query (pg's "terminated unexpectedly"), so the database is unreachable.
    if (readCode(readProperty(error, 'driverError')) === undefined) {
      return { code: 'DEPENDENCY_UNAVAILABLE' };
    }
    // Other query failures are read by their SQLSTATE or SQLite code in the database rules.
    return undefined;
  }
  if (NOT_CONNECTED.some((name) => hasClassNamed(error, name))) {
    return { code: 'DEPENDENCY_UNAVAILABLE' };
  }
  if (hasClassNamed(error, 'EntityNotFoundError')) return { code: 'NOT_FOUND' };
  if (hasClassNamed(error, 'OptimisticLockVersionMismatchError'))
    return { code: 'CONFLICT' };
  if (MISCONFIGURED.some((name) => hasClassNamed(error, name))) {
    return {
      code: 'INTERNAL',
      category: ErrorCategory.CONFIGURATION,
      severity: ErrorSeverity.CRITICAL,
      countsAsFailure: false,
    };
  }
  // Metadata, relation and API misuse errors (CannotConnectAlreadyConnectedError included):
  // raised before any round trip, so they say nothing about the database's health.
  return { code: 'INTERNAL', countsAsFailure: false };
}

/**
 * TypeORM's own errors, recognised by class name (so the library does not import TypeORM):
 * a query lost to a network failure and "not connected" errors are `DEPENDENCY_UNAVAILABLE`,
 * `EntityNotFoundError` is `NOT_FOUND`, an optimistic lock mismatch is `CONFLICT`, set-up and
 * usage errors are `INTERNAL`, not counted. Runs after the PostgreSQL and SQLite rules.
 */
export const typeOrmRule: ClassificationRule = {
  name: 'typeorm',
  match(error) {
    if (!hasClassNamed(error, 'TypeORMError')) return undefined;
    return classifyTypeOrmError(error);
  },
};
