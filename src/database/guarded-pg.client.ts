import { Logger } from '@nestjs/common';
import pg from 'pg';

const logger = new Logger('PostgreSQL');

/**
 * The pool's PostgreSQL client, with an `error` listener of its own for its whole life.
 *
 * When the server ends a connection (a restart, `pg_terminate_backend`, a failover), pg emits
 * `error` on the client, and an `error` event with no listener ends the process. The pool and
 * TypeORM listen while they hold a client, but not at every instant of its life (between
 * hand-overs, or on a connection that was already given up), and a database restart must
 * never crash the application. The error is logged; the pool drops the broken client when it
 * is next released, and the call that was using it fails and is classified as usual.
 */
export class GuardedPgClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      logger.warn(`Connection lost: ${error.message}`);
    });
  }
}
