import { Logger } from '@nestjs/common';
import pg from 'pg';
import { DatabaseTimeoutError } from './database-timeout.error.js';

const logger = new Logger('PostgreSQL');

/** Errors pg raised because a connection ended under a client that did not end it. */
const lostConnectionErrors = new WeakSet<object>();

function markCodeless(error: unknown): void {
  if (typeof error === 'object' && error !== null && !('code' in error)) {
    lostConnectionErrors.add(error);
  }
}

/**
 * Whether `error` is pg's failure of a statement whose connection the server (or the network)
 * ended: `Connection terminated unexpectedly` carries no code, so the client marks it.
 */
export function isLostConnectionError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    lostConnectionErrors.has(error)
  );
}

/** Client-side bounds of a {@link GuardedPgClient}; `0` turns one off. */
export interface GuardedPgTimeouts {
  /** How long opening the connection (TCP, TLS, start-up, authentication) may take. */
  connectTimeoutMs: number;
  /** How long a statement may go without an answer before its connection is dropped. */
  queryTimeoutMs: number;
}

type ConnectCallback = (error: Error | null, client?: pg.Client) => void;
type UnboundedQuery = (...args: unknown[]) => unknown;

/**
 * The pool's PostgreSQL client, with an `error` listener of its own for its whole life and,
 * when made by {@link GuardedPgClient.withTimeouts}, bounds of its own on connecting and on
 * every statement.
 *
 * When the server ends a connection (a restart, `pg_terminate_backend`, a failover), pg emits
 * `error` on the client, and an `error` event with no listener ends the process. The pool and
 * TypeORM listen while they hold a client, but not at every instant of its life (between
 * hand-overs, or on a connection that was already given up), and a database restart must
 * never crash the application. The error is logged; the pool drops the broken client when it
 * is next released, and the call that was using it fails with the same error, marked here
 * before pg hands it to the statements in flight (it does so on the next tick), so
 * `postgresConnectionLostRule` can classify it as the outage it is.
 *
 * A server that accepts connections and never answers (hung, or behind a dead network path)
 * is bounded here, not by pg's own `query_timeout`, which fails the statement but leaves it
 * running on the connection, so the next statement on that pooled connection queues behind it.
 * A statement without an answer within `queryTimeoutMs` fails with
 * {@link DatabaseTimeoutError} and its connection is dropped, so the pool replaces it; a
 * connection not up within `connectTimeoutMs` fails the same way.
 */
export class GuardedPgClient extends pg.Client {
  private readonly timeouts: GuardedPgTimeouts;
  private abandoned = false;

  /**
   * @param config pg's client configuration (the pool's options)
   * @param timeouts client-side bounds; without them pg's own `connectionTimeoutMillis` and
   *   `query_timeout` apply as configured
   */
  constructor(config?: string | pg.ClientConfig, timeouts?: GuardedPgTimeouts) {
    super(timeouts === undefined ? config : withoutDriverTimeouts(config));
    this.timeouts = timeouts ?? { connectTimeoutMs: 0, queryTimeoutMs: 0 };
    this.on('error', (error: Error) => {
      lostConnectionErrors.add(error);
      if (!this.abandoned) logger.warn(`Connection lost: ${error.message}`);
    });
    if (this.timeouts.queryTimeoutMs > 0) this.boundQueries();
  }

  /** A client class for a pool (`Client` in its options) that applies `timeouts`. */
  static withTimeouts(timeouts: GuardedPgTimeouts): typeof GuardedPgClient {
    const bounds = { ...timeouts };
    return class BoundedPgClient extends GuardedPgClient {
      constructor(config?: string | pg.ClientConfig) {
        super(config, bounds);
      }
    };
  }

  /**
   * Marks a connection attempt that ended without a code, as when the server accepts and
   * never answers until the pool's connection timeout (the pool's own error keeps it as its
   * `cause`). Coded failures (refused, authentication) are classified by their code.
   * @throws DatabaseTimeoutError when the connection was not up within `connectTimeoutMs`
   */
  override connect(): Promise<pg.Client>;
  override connect(
    callback:
      ((error: Error) => void) | ((error: null, client: pg.Client) => void),
  ): void;
  override connect(
    callback?:
      ((error: Error) => void) | ((error: null, client: pg.Client) => void),
  ): Promise<pg.Client> | void {
    if (!callback) {
      return new Promise<pg.Client>((resolve, reject) =>
        this.connectWithin((error, client) =>
          error ? reject(error) : resolve(client as pg.Client),
        ),
      );
    }
    this.connectWithin(callback as ConnectCallback);
  }

  private connectWithin(done: ConnectCallback): void {
    const { connectTimeoutMs } = this.timeouts;
    let timedOut = false;
    const timer =
      connectTimeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            this.dropConnection();
          }, connectTimeoutMs)
        : undefined;
    super.connect(((error: Error | null, client?: pg.Client) => {
      clearTimeout(timer);
      if (!error) return done(null, client);
      if (timedOut) {
        return done(
          new DatabaseTimeoutError('connect', connectTimeoutMs, error),
        );
      }
      markCodeless(error);
      done(error);
    }) as (error: Error) => void);
  }

  /** Wraps this client's `query` so a promise-returning statement is bounded. */
  private boundQueries(): void {
    const unbounded = this.query.bind(this) as UnboundedQuery;
    this.query = ((...args: unknown[]) => {
      // Callback and streaming forms (pg-query-stream, cursors) keep pg's own behaviour.
      if (
        typeof args[args.length - 1] === 'function' ||
        typeof (args[0] as { submit?: unknown } | null)?.submit === 'function'
      ) {
        return unbounded(...args);
      }
      return this.withinQueryTimeout(unbounded(...args) as Promise<unknown>);
    }) as typeof this.query;
  }

  private withinQueryTimeout<T>(result: Promise<T>): Promise<T> {
    const { queryTimeoutMs } = this.timeouts;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new DatabaseTimeoutError('query', queryTimeoutMs));
        this.abandon(queryTimeoutMs);
      }, queryTimeoutMs);
      result.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /**
   * Drops a connection whose statement got no answer: its state is unknown, and a statement
   * queued behind it would wait as long. Ending the client (pg destroys the socket of a client
   * with a statement in flight) fails whatever else was queued on it at once, and the pool
   * discards it when it is released instead of handing it out again.
   */
  private abandon(queryTimeoutMs: number): void {
    if (this.abandoned) return;
    this.abandoned = true;
    logger.warn(
      `No answer to a statement within ${queryTimeoutMs} ms; dropping its connection`,
    );
    this.end().catch(() => undefined);
  }

  private dropConnection(): void {
    (
      this as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy();
  }
}

/** `config` without pg's own connect and statement timers, which this client replaces. */
function withoutDriverTimeouts(
  config: string | pg.ClientConfig | undefined,
): pg.ClientConfig {
  const base: pg.ClientConfig =
    typeof config === 'string' ? { connectionString: config } : { ...config };
  return { ...base, connectionTimeoutMillis: 0, query_timeout: undefined };
}
