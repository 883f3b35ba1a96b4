import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  CircuitBreakerAdminController,
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import {
  AlertingErrorLogStore,
  AlertService,
  ProblemDetailsModule,
} from '@nest-resilience/problem-details';
import {
  DeadLetterModule,
  type DeadLetterModuleOptions,
} from '@nest-resilience/dead-letters';
import { parseDatabaseSettings } from '../../src/database/database.config.js';
import { createDataSourceOptions } from '../../src/database/data-source-options.factory.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import { createTestSchema, POSTGRES_URL } from '../support/test-schema.js';
import { startTestApp } from '../support/test-app.js';

/** The databases every spec runs against. */
export type Driver = 'postgres' | 'sqlite';
export const DRIVERS: Driver[] = ['postgres', 'sqlite'];

export { POSTGRES_URL };

export const ADMIN_TOKEN = 'dlq-admin-token-0123456789';
export const READER_TOKEN = 'dlq-reader-token-0123456789';
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
export const reader = { Authorization: `Bearer ${READER_TOKEN}` };

// Small and fast, so breakers open and close within a test.
const TEST_SERVICES = {
  postgres: {
    circuitBreaker: {
      timeoutMs: 3000,
      errorThresholdPercentage: 50,
      volumeThreshold: 4,
      resetTimeoutMs: 500,
      rollingCountTimeoutMs: 10000,
      rollingCountBuckets: 10,
      critical: true,
    },
    retry: {
      maxAttempts: 2,
      backoff: 'fixed',
      baseDelayMs: 50,
      maxDelayMs: 50,
      jitter: 'none',
      respectRetryAfter: false,
    },
    bulkhead: { maxConcurrent: 10, maxQueue: 200 },
  },
  'alert-webhook': {
    circuitBreaker: {
      timeoutMs: 2000,
      volumeThreshold: 5,
      resetTimeoutMs: 1000,
    },
    retry: {
      maxAttempts: 2,
      backoff: 'fixed',
      baseDelayMs: 20,
      maxDelayMs: 20,
      jitter: 'none',
    },
  },
  'dlq-replay': {
    circuitBreaker: {
      timeoutMs: 2000,
      errorThresholdPercentage: 90,
      volumeThreshold: 1000,
      resetTimeoutMs: 1000,
    },
  },
};

/** A database of its own for one spec file: a fresh PostgreSQL schema, or a temp SQLite file. */
export interface TestDatabase {
  driver: Driver;
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

/** Creates the spec's own schema or file, so reruns and other specs never share tables. */
export async function createTestDatabase(
  driver: Driver,
): Promise<TestDatabase> {
  if (driver === 'sqlite') {
    const file = join(
      tmpdir(),
      `dlq-e2e-${process.pid}-${randomUUID().slice(0, 8)}.sqlite`,
    );
    return {
      driver,
      env: { DATABASE_SQLITE_PATH: file },
      drop: async () => {
        for (const f of [file, `${file}-wal`, `${file}-shm`])
          rmSync(f, { force: true });
      },
    };
  }
  const schema = await createTestSchema('dlq_e2e');
  return {
    driver,
    env: {
      DATABASE_URL: POSTGRES_URL,
      DATABASE_SCHEMA: schema.name,
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    },
    drop: () => schema.drop(),
  };
}

function writeTestConfig(): string {
  const file = join(tmpdir(), `dlq-e2e-${process.pid}-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ services: TEST_SERVICES }));
  return file;
}

/** A running app with the dead letter queue, and what tests look at. */
export interface DeadLetterTestApp {
  app: NestExpressApplication;
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  logger: CapturingLogger;
  dataSource: DataSource;
  alerts: AlertService;
  get<T>(type: abstract new (...args: never[]) => T): T;
  truncate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the app the way the application wires it: `ResilienceModule` (admin tokens),
 * `ProblemDetailsModule` (the durable alerting error log), the app's TypeORM setup from
 * `src/database`, `DeadLetterModule`, and `configureApp`.
 */
export async function startDeadLetterApp(
  database: TestDatabase,
  options: DeadLetterModuleOptions = {},
): Promise<DeadLetterTestApp> {
  const logger = new CapturingLogger();
  const deadLetters: DynamicModule = DeadLetterModule.forRoot({
    maintenanceIntervalMs: 0,
    sizeRefreshMs: 0,
    replayService: 'dlq-replay',
    storeService: 'postgres',
    ...options,
  });
  const configFile = writeTestConfig();
  const settings = loadResilienceSettings({ file: configFile });
  rmSync(configFile, { force: true });
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings,
        admin: { token: ADMIN_TOKEN, readonlyToken: READER_TOKEN },
      }),
      ProblemDetailsModule.forRootAsync({
        global: true,
        imports: [deadLetters],
        inject: [AlertingErrorLogStore],
        useFactory: (errorLog: AlertingErrorLogStore) => ({ errorLog }),
      }),
      TypeOrmModule.forRoot({
        ...createDataSourceOptions(parseDatabaseSettings(database.env)),
        retryAttempts: 1,
      }),
      deadLetters,
    ],
    controllers: [CircuitBreakerAdminController],
  })
  class DeadLetterTestModule {}

  const app = await startTestApp(DeadLetterTestModule, { logger });
  const dataSource = app.get<DataSource>(getDataSourceToken());
  return {
    app,
    server: app.getHttpServer(),
    logger,
    dataSource,
    alerts: app.get(AlertService),
    get: (type) => app.get(type as never),
    truncate: async () => {
      // The library's tables, by name: its entity classes are not public.
      await dataSource.getRepository('dead_letters').clear();
      await dataSource.getRepository('error_log').clear();
      await dataSource.getRepository('dead_letter_replay_jobs').clear();
      logger.lines.length = 0;
    },
    close: () => app.close(),
  };
}

/** A valid body of `POST /admin/dlq/messages`. */
export function deadLetterBody(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    source: 'orders-queue',
    destination: 'http://127.0.0.1:9/unused',
    pattern: 'order.created',
    payload: { orderId: 'o-1', items: [{ sku: 'a', quantity: 1 }] },
    headers: { 'x-tenant': 't-1' },
    error: {
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'delivery service refused the connection',
    },
    ...overrides,
  };
}
