import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DatabaseModule } from '../../src/database/database.module.js';
import {
  createTestDatabase,
  DRIVERS,
  type TestDatabase,
} from './dead-letter-test.app.js';

describe.each(DRIVERS)('DatabaseModule on %s', (driver) => {
  let database: TestDatabase;
  const saved = { ...process.env };

  beforeAll(async () => {
    database = await createTestDatabase(driver);
  });
  afterAll(async () => {
    process.env = saved;
    await database?.drop();
  });

  it('opens the configured database and runs the migrations (no synchronize)', async () => {
    const folder = join(tmpdir(), `dlq-db-${process.pid}-${driver}`, 'nested');
    const { DATABASE_URL: _unset, ...rest } = saved;
    process.env =
      driver === 'sqlite'
        ? { ...rest, DATABASE_SQLITE_PATH: join(folder, 'app.sqlite') }
        : { ...rest, ...database.env };
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const dataSource = app.get<DataSource>(getDataSourceToken());
      expect(dataSource.options.synchronize).toBe(false);
      expect(await dataSource.showMigrations()).toBe(false);
      const runner = dataSource.createQueryRunner();
      expect(
        await runner.hasTable(
          driver === 'postgres'
            ? `${database.env.DATABASE_SCHEMA}.dead_letters`
            : 'dead_letters',
        ),
      ).toBe(true);
      expect(
        await runner.hasTable(
          driver === 'postgres'
            ? `${database.env.DATABASE_SCHEMA}.error_log`
            : 'error_log',
        ),
      ).toBe(true);
      await runner.release();
      if (driver === 'sqlite')
        expect(existsSync(join(folder, 'app.sqlite'))).toBe(true);
    } finally {
      await app.close();
      rmSync(join(folder, '..'), { recursive: true, force: true });
    }
  });
});
