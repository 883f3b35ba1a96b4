import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  connectResilientMicroservice,
  ProblemDetailsModule,
} from '@nest-resilience/problem-details';
import {
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
  DeadLetterModule,
} from '@nest-resilience/dead-letters';
import {
  DurableTransportFactory,
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessageDeliveryFailureHandler,
  ResilientMessagingModule,
} from '@nest-resilience/messaging';
import {
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import {
  WORKFLOW_ENTITIES,
  WORKFLOW_MIGRATIONS,
} from '@nest-resilience/workflows';
import { startTestApp } from '../support/test-app.js';
import { appConfig } from '../../src/config/app.config.js';
import { createDataSourceOptions } from '../../src/database/data-source-options.factory.js';
import { parseDatabaseSettings } from '../../src/database/database.config.js';
import {
  integrationConfig,
  type IntegrationConfig,
  type TargetSystem,
} from '../../src/integration/config/integration.config.js';
import { IntegrationConsumerModule } from '../../src/integration/consumer/integration-consumer.module.js';
import { IntegrationModule } from '../../src/integration/integration.module.js';
import { SimulatorsModule } from '../../src/simulators/simulators.module.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import {
  POSTGRES_URL,
  RABBITMQ_URL,
  type TestSchema,
} from './integration-test.database.js';
import {
  settingsFile,
  TEST_INTEGRATION_CONFIG,
} from './integration-test.settings.js';

export {
  createTestSchema,
  POSTGRES_URL,
  RABBITMQ_URL,
  type TestSchema,
} from './integration-test.database.js';

/** Admin token of the test apps (`/admin` routes). */
export const ADMIN_TOKEN = 'integration-admin-token-0123456789';
/** Headers carrying {@link ADMIN_TOKEN}. */
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** What a test changes of the engine's setup. */
export interface IntegrationTestOptions {
  /** Base URL of every target system (the simulators' app or a stub). */
  targets: Partial<Record<TargetSystem, string>>;
  config?: Partial<IntegrationConfig>;
  /** Resilience settings by service, replacing the test defaults. */
  services?: Record<string, object>;
  /**
   * Consume from RabbitMQ (`IntegrationConsumerModule` on the messaging module's durable
   * server) from this queue; `relay: false` leaves the outbox to the recovery job.
   */
  messaging?: { queue: string; relay?: boolean };
  /** Run on an SQLite file (named after the schema) instead of PostgreSQL, as `npm start` does. */
  sqlite?: boolean;
  /**
   * The PostgreSQL URL the app connects to (a `FaultProxy`'s, to fail the database under it).
   * @default POSTGRES_URL
   */
  databaseUrl?: string;
}

/** A running engine. */
export interface IntegrationTestApp {
  app: NestExpressApplication;
  url: string;
  logger: CapturingLogger;
  dataSource: DataSource;
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Starts the application's integration engine as `AppModule` wires it: the
 * resilience module from the shipped configuration (plus the target systems), the app's TypeORM
 * options on a schema of its own with the dead letter and integration entities and migrations,
 * a global `DeadLetterModule`, `ScheduleModule`, `IntegrationModule`, the simulated target
 * systems (`SimulatorsModule`, as `npm start` serves them), through `configureApp`,
 * listening on a free loopback port.
 */
export async function startIntegrationApp(
  schema: TestSchema,
  options: IntegrationTestOptions,
): Promise<IntegrationTestApp> {
  const logger = new CapturingLogger();
  const database = parseDatabaseSettings(
    options.sqlite
      ? { DATABASE_SQLITE_PATH: join(tmpdir(), `${schema.name}.sqlite`) }
      : {
          DATABASE_URL: options.databaseUrl ?? POSTGRES_URL,
          DATABASE_SCHEMA: schema.name,
        },
  );
  const settings = loadResilienceSettings({
    file: settingsFile(options.services ?? {}),
  });

  const dataSourceOptions = createDataSourceOptions(database);
  const { messaging } = options;
  const messagingModules = messaging
    ? [
        ResilientMessagingModule.forRoot({
          broker: {
            transport: 'rabbitmq',
            url: RABBITMQ_URL,
            queue: messaging.queue,
          },
          relay: { enabled: messaging.relay ?? true },
        }),
        IntegrationConsumerModule,
      ]
    : [];

  @Module({
    imports: [
      ConfigModule.forRoot({
        isGlobal: true,
        ignoreEnvFile: true,
        load: [appConfig],
      }),
      ResilienceModule.forRoot({
        settings,
        admin: { token: ADMIN_TOKEN },
      }),
      ProblemDetailsModule.forRoot({
        global: true,
        ...(messaging
          ? { unhandledEventHandler: new MessageDeliveryFailureHandler() }
          : {}),
      }),
      ScheduleModule.forRoot(),
      TypeOrmModule.forRoot({
        ...dataSourceOptions,
        entities: [
          ...DEAD_LETTER_ENTITIES,
          ...WORKFLOW_ENTITIES,
          ...(messaging ? MESSAGING_ENTITIES : []),
        ],
        migrations: [
          ...DEAD_LETTER_MIGRATIONS,
          ...WORKFLOW_MIGRATIONS,
          ...(messaging ? MESSAGING_MIGRATIONS : []),
        ],
      }),
      DeadLetterModule.forRoot({ isGlobal: true, maintenanceIntervalMs: 0 }),
      IntegrationModule,
      SimulatorsModule.register({ groups: ['targets'] }),
      ...messagingModules,
    ],
  })
  class IntegrationTestModule {}

  const app = await startTestApp(IntegrationTestModule, {
    logger,
    listen: true,
    startMicroservices: messaging !== undefined,
    override: (builder) =>
      builder.overrideProvider(integrationConfig.KEY).useValue({
        ...TEST_INTEGRATION_CONFIG,
        ...options.config,
        targets: options.targets,
      }),
    beforeInit: (created) => {
      if (messaging)
        connectResilientMicroservice(created, {
          strategy: created.get(DurableTransportFactory).createServer(),
        });
    },
  });
  return {
    app,
    url: await app.getUrl(),
    logger,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    get: (type) => app.get(type),
    close: () => app.close(),
  };
}
