import { Logger } from '@nestjs/common';
import pg from 'pg';

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

/**
 * The pool's PostgreSQL client, with an `error` listener of its own for its whole life.
 *
 * When the server ends a connection (a restart, `pg_terminate_backend`, a failover), pg emits
 * `error` on the client, and an `error` event with no listener ends the process. The pool and
 * TypeORM listen while they hold a client, but not at every instant of its life (between
 * hand-overs, or on a connection that was already given up), and a database restart must
 * never crash the application. The error is logged; the pool drops the broken client when it
 * is next released, and the call that was using it fails with the same error, marked here
 * before pg hands it to the statements in flight (it does so on the next tick), so
 * `postgresConnectionLostRule` can classify it as the outage it is.
 */
export class GuardedPgClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      lostConnectionErrors.add(error);
      logger.warn(`Connection lost: ${error.message}`);
    });
  }

  /**
   * Marks a connection attempt that ended without a code, as when the server accepts and
   * never answers until the pool's connection timeout (the pool's own error keeps it as its
   * `cause`). Coded failures (refused, authentication) are classified by their code.
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
    if (callback) {
      const done = callback as (
        error: Error | null,
        client?: pg.Client,
      ) => void;
      super.connect(((error: Error | null, client?: pg.Client) => {
        if (error) markCodeless(error);
        done(error, client);
      }) as (error: Error) => void);
      return;
    }
    return super.connect().catch((error: unknown) => {
      markCodeless(error);
      throw error;
    });
  }
}
