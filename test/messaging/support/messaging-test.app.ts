import {
  Module,
  type INestApplication,
  type Provider,
  type Type,
} from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import {
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
} from '@nest-resilience/messaging';
import { appConfig } from '../../../src/config/app.config.js';
import { APP_CLASSIFICATION_RULES } from '../../../src/config/classification-rules.constants.js';
import {
  databaseConfig,
  type DatabaseConfig,
} from '../../../src/database/database.config.js';
import { createDataSourceOptions } from '../../../src/database/data-source-options.factory.js';
import { deadLetterQueueModule } from '../../../src/dead-letter/dead-letter-queue.module.js';
import { connectMessaging } from '../../../src/messaging/messaging-microservices.connector.js';
import { MessagingModule } from '../../../src/messaging/messaging.module.js';
import { CreateOrderStatusProjection1764000000100 } from '../../../src/messaging/migrations/create-order-status-projection.migration.js';
import { OrderStatusEntity } from '../../../src/messaging/order-status/entities/order-status.entity.js';
import { writeMessagingTestSettings } from './messaging-test.settings.js';
import { startTestApp } from '../../support/test-app.js';

/** Admin token of the test apps. */
export const ADMIN_TOKEN = 'messaging-admin-token-0123456789';

/** What a spec may add to the app and how it runs. */
export interface MessagingTestAppOptions {
  /** Environment the app's configuration reads (database, broker, queue); `undefined` unsets. */
  env: Record<string, string | undefined>;
  /** Connect the durable consumer (and Redis when configured). @default true */
  consume?: boolean;
  controllers?: Type[];
  providers?: Provider[];
  /** Nest log levels. @default ['error'] */
  logLevels?: ('fatal' | 'error' | 'warn' | 'log')[];
}

/** A running app. */
export interface MessagingTestApp {
  app: INestApplication;
  dataSource: DataSource;
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

/**
 * Starts the application the way it is wired: `ResilienceModule`, the app's TypeORM setup (`src/database`) plus the messaging entities and migrations,
 * the app's dead letter queue module, `MessagingModule`, `configureApp`, and the consumers
 * connected by `connectMessaging`.
 */
export async function startMessagingApp(
  options: MessagingTestAppOptions,
): Promise<MessagingTestApp> {
  const saved = { ...process.env };
  for (const [name, value] of Object.entries({ ADMIN_TOKEN, ...options.env })) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const settings = loadResilienceSettings({
    file: writeMessagingTestSettings(),
  });

  @Module({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, load: [appConfig] }),
      // As the application wires it: consumers settle their failures through
      // @ResilientConsumer()'s filter, whatever ProblemDetailsModule's event hook is.
      // With the application's rules: a lost or timed-out database call says "later".
      ResilienceModule.forRoot({
        settings,
        admin: { token: ADMIN_TOKEN },
        classificationRules: [...APP_CLASSIFICATION_RULES],
      }),
      ProblemDetailsModule.forRoot({ global: true }),
      TypeOrmModule.forRootAsync({
        imports: [ConfigModule.forFeature(databaseConfig)],
        inject: [databaseConfig.KEY],
        useFactory: (database: DatabaseConfig) => {
          const base = createDataSourceOptions(database);
          return {
            ...base,
            entities: [
              ...new Set([
                ...(base.entities as Function[]),
                ...MESSAGING_ENTITIES,
                OrderStatusEntity,
              ]),
            ],
            migrations: [
              ...new Set([
                ...(base.migrations as Function[]),
                ...MESSAGING_MIGRATIONS,
                CreateOrderStatusProjection1764000000100,
              ]),
            ],
            logging: ['error' as const],
          };
        },
      }),
      deadLetterQueueModule,
      MessagingModule,
    ],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  })
  class MessagingTestModule {}

  try {
    const app = await startTestApp(MessagingTestModule, {
      logger: options.logLevels ?? ['error'],
      beforeInit: (created) => {
        if (options.consume ?? true) connectMessaging(created);
      },
      startMicroservices: true,
    });
    const { getDataSourceToken } = await import('@nestjs/typeorm');
    return {
      app,
      dataSource: app.get<DataSource>(getDataSourceToken()),
      get: (type) => app.get(type),
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}
