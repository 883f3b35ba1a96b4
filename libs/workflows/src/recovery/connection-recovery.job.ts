import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingTransportRegistry } from '@nest-resilience/messaging';
import type { RecoveryJob, RecoveryReport } from './recovery-job.interface.js';

/** Probes before the database is called down. */
const PROBES = 3;

/**
 * Checks the connections the engine lives on and re-establishes what went bad: the database is
 * probed (`SELECT 1`); a probe that fails on a broken pooled connection makes the pool drop it,
 * so the next probe runs on a fresh one; a data source that is not initialized (it failed at
 * start, or was closed) is initialized again. Broker connections reconnect by themselves
 * (amqp-connection-manager); their state is reported.
 */
@Injectable()
export class ConnectionRecoveryJob implements RecoveryJob {
  readonly name = 'connections';
  private readonly logger = new Logger('WorkflowConnections');

  constructor(
    // Absent when the engine runs on a store without TypeORM.
    @Optional() private readonly dataSource?: DataSource,
    @Optional() private readonly transports?: MessagingTransportRegistry,
  ) {}

  async run(): Promise<RecoveryReport> {
    const endpoints = this.transports?.list() ?? [];
    const down = endpoints.filter((e) => !e.isConnected()).map((e) => e.name);
    if (down.length > 0)
      this.logger.warn(
        `Broker connections down, reconnecting by themselves: ${down.join(', ')}`,
      );
    return {
      database: await this.database(),
      brokerEndpoints: endpoints.length,
      brokerDisconnected: down.length,
    };
  }

  /**
   * @returns `ok`, `re-established` (after failed probes or a re-initialisation), `down`, or
   *   `none` without a TypeORM data source
   */
  private async database(): Promise<string> {
    const { dataSource } = this;
    if (!dataSource) return 'none';
    let lastError: unknown;
    for (let probe = 1; probe <= PROBES; probe++) {
      try {
        if (!dataSource.isInitialized) {
          await dataSource.initialize();
          this.logger.warn(
            'Database connection re-established (data source initialized again)',
          );
          return 're-established';
        }
        await dataSource.query('SELECT 1');
        if (probe > 1)
          this.logger.warn(
            `Database connection re-established after ${probe - 1} failed probe(s)`,
          );
        return probe === 1 ? 'ok' : 're-established';
      } catch (error) {
        lastError = error;
        await sleep(100 * probe);
      }
    }
    this.logger.error(
      `Database unreachable: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
    );
    return 'down';
  }
}
