import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryFailedError } from 'typeorm';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCategory, ErrorSeverity } from './error-category.enum.js';
import { createErrorClassifier } from './rule-based-error.classifier.js';
import { outcome, type Expected } from './classification-outcome.fixture.js';

const {
  TRANSIENT,
  PERMANENT,
  BUSINESS_LOGIC,
  EXTERNAL_DEPENDENCY,
  RESOURCE_EXHAUSTION,
  DATA_CORRUPTION,
} = ErrorCategory;

/** The part of better-sqlite3 these tests use (the package ships no types here). */
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown; get(): unknown };
  close(): void;
}
interface SqliteModule {
  new (file: string, options?: { timeout?: number }): SqliteDatabase;
  SqliteError: new (message: string, code: string) => Error;
}

const Database = createRequire(import.meta.url)(
  'better-sqlite3',
) as SqliteModule;
const classifier = createErrorClassifier();
const directory = mkdtempSync(join(tmpdir(), 'classification-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

function failureOf(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return expect.unreachable('the statement succeeded');
}

/** Runs `work` on an in-memory database holding product p-1 with sku-1. */
function withProducts<T>(work: (db: SqliteDatabase) => T): T {
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE product (id TEXT PRIMARY KEY, sku TEXT UNIQUE)');
    db.prepare('INSERT INTO product VALUES (?, ?)').run('p-1', 'sku-1');
    return work(db);
  } finally {
    db.close();
  }
}

const insert = (id: string, sku: string) => (db: SqliteDatabase) =>
  failureOf(() => db.prepare('INSERT INTO product VALUES (?, ?)').run(id, sku));

describe('SQLite (real better-sqlite3 errors)', () => {
  it('a unique violation is CONFLICT', () => {
    expect(
      classifier.classify(withProducts(insert('p-2', 'sku-1'))),
    ).toMatchObject({
      ...outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false),
      sourceCode: 'SQLITE_CONSTRAINT_UNIQUE',
      rule: 'sqlite',
    });
  });

  it('a primary key violation, wrapped by TypeORM, is CONFLICT', () => {
    const driverError = withProducts(insert('p-1', 'sku-2')) as Error;
    const error = new QueryFailedError('INSERT INTO product', [], driverError);
    expect(classifier.classify(error)).toMatchObject({
      ...outcome('CONFLICT', 409, BUSINESS_LOGIC, false, false, false),
      sourceCode: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
  });

  it('a locked database (SQLITE_BUSY) is retryable and not counted', () => {
    const file = join(directory, 'busy.db');
    const owner = new Database(file);
    const other = new Database(file, { timeout: 0 });
    try {
      owner.exec('CREATE TABLE t (id INTEGER); BEGIN EXCLUSIVE');
      const error = failureOf(() => other.prepare('SELECT * FROM t').get());
      expect(classifier.classify(error)).toMatchObject({
        ...outcome('DEPENDENCY_UNAVAILABLE', 503, TRANSIENT, true, false, true),
        sourceCode: 'SQLITE_BUSY',
        rule: 'sqlite',
      });
    } finally {
      owner.close();
      other.close();
    }
  });

  it('a bad statement (SQLITE_ERROR) is INTERNAL and not counted', () => {
    const error = withProducts((db) =>
      failureOf(() => db.prepare('SELECT * FROM missing')),
    );
    expect(classifier.classify(error)).toMatchObject({
      ...outcome('INTERNAL', 500, PERMANENT, false, false, false),
      rule: 'sqlite',
    });
  });

  // prettier-ignore
  const rows: [string, Expected][] = [
    ['SQLITE_FULL', outcome('DEPENDENCY_UNAVAILABLE', 503, RESOURCE_EXHAUSTION, false, true, true)],
    ['SQLITE_CORRUPT', outcome('INTERNAL', 500, DATA_CORRUPTION, false, true, false, { severity: ErrorSeverity.CRITICAL })],
    ['SQLITE_LOCKED_SHAREDCACHE', outcome('DEPENDENCY_UNAVAILABLE', 503, TRANSIENT, true, false, true)],
    ['SQLITE_IOERR_WRITE', outcome('DEPENDENCY_UNAVAILABLE', 503, EXTERNAL_DEPENDENCY, false, true, true)],
  ];

  it.each(rows)('%s', (code, expected) => {
    const error = new Database.SqliteError('sqlite says no', code);
    expect(classifier.classify(error)).toMatchObject({
      ...expected,
      sourceCode: code,
    });
  });
});
