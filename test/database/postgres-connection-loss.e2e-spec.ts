import { ConsoleLogger, Logger } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import { parseDatabaseSettings } from '../../src/database/database.config.js';
import { createDataSourceOptions } from '../../src/database/data-source-options.factory.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import {
  createTestSchema,
  POSTGRES_URL,
  type TestSchema,
} from '../support/test-schema.js';

describe('the application database when its connection is dropped', () => {
  let schema: TestSchema;
  let proxy: FaultProxy;
  let dataSource: DataSource;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    schema = await createTestSchema('db_loss_e2e');
    proxy = await FaultProxy.start(POSTGRES_URL);
    Logger.overrideLogger(logger);
    dataSource = new DataSource(
      createDataSourceOptions(
        parseDatabaseSettings({
          DATABASE_URL: proxy.url(POSTGRES_URL),
          DATABASE_SCHEMA: schema.name,
        }),
      ),
    );
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await proxy?.close();
    await schema?.drop();
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('logs a connection terminated while no one listens on it, instead of crashing, and keeps serving', async () => {
    // A client taken from the pool, between two uses: pg-pool stops listening to it once it is
    // handed out, and nothing else does yet.
    const pool = (dataSource.driver as PostgresDriver).master as pg.Pool;
    const client = await pool.connect();
    await client.query('SELECT 1');
    const ended = new Promise((resolve) => client.once('end', resolve));

    proxy.resetConnections();
    await ended;

    // Without a listener of its own, the client's `error` event would have ended the process.
    expect(logger.find('Connection lost', 'ECONNRESET')).toHaveLength(1);
    client.release(true);
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});
