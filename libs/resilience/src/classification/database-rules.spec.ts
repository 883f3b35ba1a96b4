import pg from 'pg';
import {
  CannotConnectAlreadyConnectedError,
  ConnectionIsNotSetError,
  DriverPackageNotInstalledError,
  EntityNotFoundError,
  OptimisticLockVersionMismatchError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
} from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome, type Expected } from './classification-outcome.fixture.js';

const {
  TRANSIENT,
  PERMANENT,
  BUSINESS_LOGIC,
  SECURITY,
  EXTERNAL_DEPENDENCY,
  RESOURCE_EXHAUSTION,
  DATA_CORRUPTION,
  CONFIGURATION,
} = ErrorCategory;

const classifier = createErrorClassifier();

/** A PostgreSQL error as `pg` builds it from the server's ErrorResponse. */
function pgError(code: string): pg.DatabaseError {
  const error = new pg.DatabaseError(
    'the server refused the statement',
    120,
    'error',
  );
  error.code = code;
  error.severity = 'ERROR';
  return error;
}

/** What TypeORM throws when that statement fails. */
function queryFailed(driverError: Error): QueryFailedError {
  return new QueryFailedError(
    'INSERT INTO "order" ("id") VALUES ($1)',
    ['o-1'],
    driverError,
  );
}

describe('PostgreSQL through TypeORM (QueryFailedError with a pg driverError)', () => {
  // prettier-ignore
  const rows: [string, Expected][] = [
    ['23505', outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false)],
    ['23P01', outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false)],
    ['40P01', outcome('DEPENDENCY_UNAVAILABLE', 503, TRANSIENT, true, false, true, { severity: ErrorSeverity.MEDIUM })],
    ['40001', outcome('DEPENDENCY_UNAVAILABLE', 503, TRANSIENT, true, false, true)],
    ['55P03', outcome('DEPENDENCY_UNAVAILABLE', 503, TRANSIENT, true, false, true)],
    ['57P01', outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['57P02', outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['57P03', outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['08006', outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['08001', outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['53300', outcome('DEPENDENCY_UNAVAILABLE', 503, RESOURCE_EXHAUSTION, true, true, true)],
    ['53100', outcome('DEPENDENCY_UNAVAILABLE', 503, RESOURCE_EXHAUSTION, false, true, true)],
    ['57014', outcome('UPSTREAM_TIMEOUT', 504, TRANSIENT, true, true, true)],
    ['28P01', outcome('DEPENDENCY_UNAVAILABLE', 503, SECURITY, false, false, false)],
    ['XX001', outcome('INTERNAL', 500, DATA_CORRUPTION, false, true, false, { severity: ErrorSeverity.CRITICAL })],
    ['23503', outcome('INTERNAL', 500, PERMANENT, false, false, false)],
    ['23502', outcome('INTERNAL', 500, PERMANENT, false, false, false)],
    ['23514', outcome('INTERNAL', 500, PERMANENT, false, false, false)],
    ['22P02', outcome('INTERNAL', 500, PERMANENT, false, false, false)],
    ['42P01', outcome('INTERNAL', 500, PERMANENT, false, false, false)],
  ];

  it.each(rows)('SQLSTATE %s', (code, expected) => {
    expect(classifier.classify(queryFailed(pgError(code)))).toMatchObject({
      ...expected,
      sourceCode: code,
      rule: 'postgres',
    });
  });

  it('classifies a raw pg error the same as the wrapped one', () => {
    expect(classifier.classify(pgError('40P01'))).toEqual(
      classifier.classify(queryFailed(pgError('40P01'))),
    );
  });

  it('reads a query lost to the network as DEPENDENCY_UNAVAILABLE, not UPSTREAM_UNAVAILABLE', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), {
      code: 'ECONNRESET',
      syscall: 'read',
    });
    expect(classifier.classify(queryFailed(reset))).toMatchObject({
      ...outcome(
        'DEPENDENCY_UNAVAILABLE',
        503,
        EXTERNAL_DEPENDENCY,
        true,
        true,
        true,
      ),
      sourceCode: 'ECONNRESET',
      rule: 'typeorm',
    });
  });

  it('does not take a five-letter Node code (EPIPE) for a SQLSTATE', () => {
    const pipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(classifier.classify(pipe)).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      rule: 'network',
    });
  });
});

describe('TypeORM errors', () => {
  // prettier-ignore
  const rows: [string, () => Error, Expected][] = [
    ['ConnectionIsNotSetError', () => new ConnectionIsNotSetError('postgres'), outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    ['EntityNotFoundError', () => new EntityNotFoundError('Order', { id: 'o-1' }), outcome('NOT_FOUND', 404, PERMANENT, false, false, false)],
    ['OptimisticLockVersionMismatchError', () => new OptimisticLockVersionMismatchError('Order', 2, 3), outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false)],
    ['DriverPackageNotInstalledError', () => new DriverPackageNotInstalledError('Postgres', 'pg'), outcome('INTERNAL', 500, CONFIGURATION, false, false, false, { severity: ErrorSeverity.CRITICAL })],
    ['CannotConnectAlreadyConnectedError (a misuse)', () => new CannotConnectAlreadyConnectedError(), outcome('INTERNAL', 500, PERMANENT, false, false, false)],
    // pg ends a query this way when the server closes the socket under it: no code at all.
    ['QueryFailedError over a connection that ended', () => queryFailed(new Error('Connection terminated unexpectedly')), outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
    // The next statement of a transaction whose connection was lost under it.
    ['QueryRunnerAlreadyReleasedError', () => new QueryRunnerAlreadyReleasedError(), outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, true, true, true)],
  ];

  it.each(rows)('%s', (_name, make, expected) => {
    expect(classifier.classify(make())).toMatchObject({
      ...expected,
      rule: 'typeorm',
    });
  });
});
