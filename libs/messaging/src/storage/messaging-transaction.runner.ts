import type { DataSource, EntityManager } from 'typeorm';

/** A statement prepared once per connection (`PREPARE`) and run with `EXECUTE`. */
export interface PreparedCall {
  /** Statement name, unique per statement text on the data source. */
  name: string;
  /** The statement, with `$1`, `$2`, ... parameters. */
  text: string;
  /** SQL types of the parameters. */
  types: string[];
  /** Parameter values: strings and integers. */
  values: (string | number)[];
}

/** The part of a `pg` client the runner uses. */
interface PgClient {
  query(text: string): Promise<unknown>;
  escapeLiteral(value: string): string;
}

/** Marks a data source whose transactions already take turns. */
const SERIALIZED = Symbol('RESILIENCE:SQLITE_TRANSACTIONS_SERIALIZED');

/**
 * Runs the inbox's and the outbox's transactions on the application's `DataSource`, and tells
 * the statements which dialect to speak. SQLite has one connection, on which TypeORM cannot
 * run two transactions at once (the second `BEGIN` fails, or one's `COMMIT` ends the other's
 * work): there every transaction of the data source, the application's included
 * (`dataSource.transaction`, `manager.transaction`), is made to take its turn. PostgreSQL runs
 * them side by side.
 */
export class MessagingTransactionRunner {
  /** Whether the database is PostgreSQL (else SQLite). */
  readonly isPostgres: boolean;
  private turn: Promise<unknown> = Promise.resolve();
  /** Statements prepared on each pooled connection. */
  private readonly preparedOn = new WeakMap<object, Set<string>>();
  private readonly runTransaction: DataSource['transaction'];
  private readonly schema?: string;

  constructor(readonly dataSource: DataSource) {
    this.isPostgres = dataSource.options.type === 'postgres';
    const { schema } = dataSource.options as { schema?: string };
    this.schema = this.isPostgres && schema ? schema : undefined;
    this.runTransaction = dataSource.manager.transaction.bind(
      dataSource.manager,
    ) as DataSource['transaction'];
    if (!this.isPostgres) this.serializeTransactions();
  }

  /** A table's name as the raw statements must write it: in the data source's schema, if any. */
  table(name: string): string {
    return this.schema ? `"${this.schema.replace(/"/g, '""')}".${name}` : name;
  }

  /** `?` placeholders, numbered (`$1`, `$2`, ...) for PostgreSQL. */
  sql(text: string): string {
    if (!this.isPostgres) return text;
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  }

  /** The larger of two SQL expressions. */
  greatest(a: string, b: string): string {
    return this.isPostgres ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`;
  }

  /** Runs `work` in a transaction. @returns what `work` returned, once committed */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * PostgreSQL: runs `work` in a transaction whose first statement travels with the `BEGIN`,
   * in one round trip: `[PREPARE once per connection;] START TRANSACTION; EXECUTE first`, a
   * simple-protocol query whose values are quoted literals. TypeORM then owns the open
   * transaction: `work` uses the manager as in any transaction, and commit or rollback go
   * through TypeORM and its subscribers (its `*TransactionStart` events are not sent).
   * @returns what `work` returned, once committed
   */
  async transactionWith<T>(
    first: PreparedCall,
    work: (manager: EntityManager, firstRows: unknown[]) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PgClient;
      const prepared = (this.preparedOn.get(client) ??
        new Set<string>()) as Set<string>;
      const prepare = prepared.has(first.name)
        ? ''
        : `PREPARE ${first.name} (${first.types.join(', ')}) AS ${first.text}; `;
      const args = first.values.map((v) =>
        typeof v === 'number' ? String(v) : client.escapeLiteral(v),
      );
      let results: { rows: unknown[] }[];
      try {
        results = (await client.query(
          `${prepare}START TRANSACTION; EXECUTE ${first.name}(${args.join(', ')})`,
        )) as never;
      } catch (error) {
        // The BEGIN may have gone through: the connection must not go back to the pool inside it.
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      prepared.add(first.name);
      this.preparedOn.set(client, prepared);
      Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
      try {
        const result = await work(runner.manager, results.at(-1)?.rows ?? []);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      }
    } finally {
      await runner.release();
    }
  }

  /** Runs one statement outside a transaction. */
  query<T = unknown[]>(sql: string, parameters: unknown[]): Promise<T> {
    if (this.isPostgres) return this.dataSource.query(sql, parameters);
    return this.exclusive(() => this.dataSource.query(sql, parameters));
  }

  /** Makes every transaction of the (SQLite) data source's manager wait for the previous one. */
  private serializeTransactions(): void {
    const manager = this.dataSource.manager as EntityManager & {
      [SERIALIZED]?: true;
    };
    if (manager[SERIALIZED]) return;
    manager[SERIALIZED] = true;
    const run = this.runTransaction;
    manager.transaction = ((
      ...args: Parameters<EntityManager['transaction']>
    ) =>
      this.exclusive(() =>
        (run as (...a: unknown[]) => Promise<unknown>)(...args),
      )) as EntityManager['transaction'];
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work, work);
    this.turn = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** Rows of a statement, whatever the driver handed back (SQLite answers writes with no rows). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) {
    // PostgreSQL answers UPDATE ... RETURNING through TypeORM as [rows, count].
    if (
      result.length === 2 &&
      Array.isArray(result[0]) &&
      typeof result[1] === 'number'
    ) {
      return result[0] as T[];
    }
    return result as T[];
  }
  return [];
}
