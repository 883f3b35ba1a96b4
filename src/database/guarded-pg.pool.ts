import pg from 'pg';
import { DatabaseTimeoutError } from './database-timeout.error.js';

/**
 * Extra time pg-pool's own timer is given after ours: it only removes a caller who already
 * gave up from the pool's queue (or ends a connection still opening for one), so ours always
 * answers first, with {@link DatabaseTimeoutError}.
 */
const CLEANUP_GRACE_MS = 100;

type PoolCallback = (
  error: Error | undefined,
  client: pg.PoolClient | undefined,
  release: (release?: unknown) => void,
) => void;

const NOOP = (): void => undefined;

/**
 * pg's pool with a bound on acquiring a connection: a call waits at most `acquireTimeoutMs`
 * for a pooled connection to come free or for a new one to open, then fails with
 * {@link DatabaseTimeoutError} (`wait: 'acquire'`). Without it, pg-pool fails such a wait with
 * an uncoded `Error` that says nothing a classifier may read, so a full pool would answer 500.
 *
 * Waiters are served in order, as pg-pool does; the pool's own `connectionTimeoutMillis` is set
 * a little past the bound, to drop from its queue the callers that already gave up.
 */
export class GuardedPgPool extends pg.Pool {
  private readonly acquireTimeoutMs: number;

  /**
   * @param options pg's pool options
   * @param acquireTimeoutMs the bound on waiting for a connection; `0` turns it off
   */
  constructor(options: pg.PoolConfig = {}, acquireTimeoutMs = 0) {
    super(
      acquireTimeoutMs > 0
        ? {
            ...options,
            connectionTimeoutMillis: acquireTimeoutMs + CLEANUP_GRACE_MS,
          }
        : options,
    );
    this.acquireTimeoutMs = acquireTimeoutMs;
  }

  /** A pool class (pg's `Pool` in a driver object) with this acquire timeout. */
  static withAcquireTimeout(acquireTimeoutMs: number): typeof pg.Pool {
    return class BoundedPgPool extends GuardedPgPool {
      constructor(options?: pg.PoolConfig) {
        super(options, acquireTimeoutMs);
      }
    };
  }

  /** @throws DatabaseTimeoutError when no connection could be had within the acquire timeout */
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: PoolCallback): void;
  override connect(callback?: PoolCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return new Promise<pg.PoolClient>((resolve, reject) =>
        this.connect((error, client) =>
          error ? reject(error) : resolve(client as pg.PoolClient),
        ),
      );
    }
    if (this.acquireTimeoutMs <= 0) return super.connect(callback);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      callback(
        new DatabaseTimeoutError('acquire', this.acquireTimeoutMs),
        undefined,
        NOOP,
      );
    }, this.acquireTimeoutMs);
    super.connect((error, client, release) => {
      if (timedOut) {
        // Came too late for the caller: back to the pool for the next one.
        if (!error && client) release();
        return;
      }
      clearTimeout(timer);
      callback(error, client, release);
    });
  }
}
