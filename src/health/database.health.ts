import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { HEALTH_INDICATOR_TIMEOUT_MS } from './health.constants.js';

/** How long the database check waits for `SELECT 1` (a connection from the pool included). */
export const DATABASE_HEALTH_TIMEOUT_MS = HEALTH_INDICATOR_TIMEOUT_MS;

/**
 * Terminus indicator of the database: `SELECT 1`, bounded by
 * {@link DATABASE_HEALTH_TIMEOUT_MS} so a hung database cannot hang `/health`. The database is
 * critical: `down` here fails readiness. It asks the database directly, not through the
 * `postgres` breaker, so it reports the database as it is now.
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** @param key key of the indicator in the result @default 'database' */
  async isHealthy<const Key extends string = 'database'>(
    key: Key = 'database' as Key,
    timeoutMs = DATABASE_HEALTH_TIMEOUT_MS,
  ): Promise<HealthIndicatorResult<Key>> {
    const driver = this.dataSource.options.type;
    return await this.health
      .check(key)
      .attempt(async () => {
        await this.dataSource.query('SELECT 1');
        return { driver };
      })
      .withTimeout(timeoutMs);
  }
}
