import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ThrottlerModule } from '@nestjs/throttler';
import { TerminusModule } from '@nestjs/terminus';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import {
  CircuitBreakerAdminController,
  CircuitBreakerRegistry,
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import { DeadLetterModule } from '@nest-resilience/dead-letters';
import {
  OutboxPublisher,
  ResilientMessagingModule,
} from '@nest-resilience/messaging';
import { cacheConfig, type CacheConfig } from '../../src/cache/cache.config.js';
import { HttpThrottlerGuard } from '../../src/cache/http-throttler.guard.js';
import { KeyValueStoreModule } from '../../src/cache/key-value-store.module.js';
import { RateLimitStorage } from '../../src/cache/rate-limit.storage.js';
import { APP_CLASSIFICATION_RULES } from '../../src/config/classification-rules.constants.js';
import {
  createTestSchema as createSchema,
  POSTGRES_URL,
  type TestSchema,
} from '../support/test-schema.js';
import { appConfig } from '../../src/config/app.config.js';
import { parseDatabaseSettings } from '../../src/database/database.config.js';
import { createDataSourceOptions } from '../../src/database/data-source-options.factory.js';
import {
  ordersConfig,
  type OrdersConfig,
} from '../../src/orders/orders.config.js';
import { OrdersModule } from '../../src/orders/orders.module.js';
import { SimulatorsModule } from '../../src/simulators/simulators.module.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import { DatabaseHealthIndicator } from '../../src/health/database.health.js';
import { EnvironmentHealthIndicator } from '../../src/health/environment.health.js';
import { OrdersHealthController } from './orders-health.controller.js';
import { RecordingOutboxPublisher } from './recording-outbox.publisher.js';
import { startTestApp } from '../support/test-app.js';

/** PostgreSQL and Redis of the tests (`docker compose up -d` starts them). */
export { POSTGRES_URL };
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = 'orders-admin-token-0123456789';
export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/** How a spec wants its app. */
export interface OrdersTestOptions {
  /** `RESILIENCE__*` overrides of `config/resilience.yaml`. */
  resilience?: Record<string, string>;
  /** Orders settings differing from the defaults (downstream URLs included). */
  orders?: Partial<OrdersConfig>;
  /** Use Redis (default) or the in-memory store. */
  redis?: boolean;
  /**
   * The PostgreSQL URL the app connects to (a `FaultProxy`'s, to fail the database under it).
   * @default POSTGRES_URL
   */
  databaseUrl?: string;
  /**
   * The Redis URL the app connects to (a `FaultProxy`'s, to fail Redis under it).
   * @default REDIS_URL
   */
  redisUrl?: string;
  /** Requests per minute per client. @default 100000 */
  rateLimitPerMinute?: number;
  /** Request timeout. @default 30000 */
  requestTimeoutMs?: number;
  /**
   * The outbox: a recording double of the port by default (for specs not about publishing), or
   * `'real'`: the library's `ResilientMessagingModule` (TypeORM outbox, in-process broker, relay
   * off) with the dead letter queue it needs.
   */
  outbox?: OutboxPublisher | 'real';
}

/** A running app, listening on loopback, and what the specs look at. */
export interface OrdersTestApp {
  app: NestExpressApplication;
  url: string;
  logger: CapturingLogger;
  dataSource: DataSource;
  breakers: CircuitBreakerRegistry;
  outbox: OutboxPublisher;
  keyPrefix: string;
  get<T>(type: abstract new (...args: never[]) => T): T;
  close(): Promise<void>;
}

export type { TestSchema };

/** A schema of the orders suites' own. */
export const createTestSchema = () => createSchema('orders_e2e');

/**
 * Starts the application as `AppModule` wires it (`ResilienceModule` with the
 * orders' classification rules, the throttler on `RateLimitStorage`, the app's TypeORM options
 * with the orders' entities and migrations, `OrdersModule`, the `downstream` simulators, the
 * orders' health routes) through `configureApp`, listening on a free loopback port.
 */
export async function startOrdersApp(
  schema: TestSchema,
  options: OrdersTestOptions = {},
): Promise<OrdersTestApp> {
  const logger = new CapturingLogger();
  const real = options.outbox === 'real';
  const double = real
    ? undefined
    : (options.outbox ?? new RecordingOutboxPublisher());
  const keyPrefix = `orders-e2e:${randomUUID().slice(0, 8)}:`;
  const settings = loadResilienceSettings({
    file: join(process.cwd(), 'config/resilience.yaml'),
    env: options.resilience ?? {},
  });
  const database = parseDatabaseSettings({
    DATABASE_URL: options.databaseUrl ?? POSTGRES_URL,
    DATABASE_SCHEMA: schema.name,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    DATABASE_STATEMENT_TIMEOUT_MS: '5000',
  });
  const limit = options.rateLimitPerMinute ?? 100_000;

  @Global()
  @Module({
    providers: [{ provide: OutboxPublisher, useValue: double }],
    exports: [OutboxPublisher],
  })
  class TestOutboxModule {}
  const messaging = real
    ? [
        DeadLetterModule.forRoot({
          isGlobal: true,
          maintenanceIntervalMs: 0,
          sizeRefreshMs: 0,
        }),
        ResilientMessagingModule.forRoot({
          broker: { transport: 'in-process' },
          relay: { enabled: false },
        }),
      ]
    : [TestOutboxModule];

  @Module({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, cache: true, load: [appConfig] }),
      ResilienceModule.forRoot({
        settings,
        classificationRules: [...APP_CLASSIFICATION_RULES],
        admin: { token: ADMIN_TOKEN },
      }),
      ProblemDetailsModule.forRoot({
        global: true,
        production: false,
        requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      }),
      ThrottlerModule.forRootAsync({
        imports: [KeyValueStoreModule],
        inject: [RateLimitStorage],
        useFactory: (storage: RateLimitStorage) => ({
          throttlers: [{ ttl: 60_000, limit }],
          storage,
        }),
      }),
      TypeOrmModule.forRoot({
        ...createDataSourceOptions(database),
        retryAttempts: 1,
      }),
      ...messaging,
      TerminusModule,
      KeyValueStoreModule,
      OrdersModule,
      SimulatorsModule.register({ groups: ['downstream'] }),
    ],
    controllers: [CircuitBreakerAdminController, OrdersHealthController],
    providers: [
      { provide: APP_GUARD, useClass: HttpThrottlerGuard },
      DatabaseHealthIndicator,
      EnvironmentHealthIndicator,
    ],
  })
  class OrdersTestModule {}

  const cache: CacheConfig = {
    redisUrl:
      options.redis === false ? undefined : (options.redisUrl ?? REDIS_URL),
    commandTimeoutMs: 200,
    connectTimeoutMs: 1_000,
    maxReconnectDelayMs: 200,
    keyPrefix,
  };
  const orders: OrdersConfig = {
    productServiceUrl: undefined,
    deliveryServiceUrl: undefined,
    shutdownGracePeriodMs: 10_000,
    cacheTtlMs: 60_000,
    deliveryRetryIntervalMs: 60_000,
    deliveryRetryBaseDelayMs: 5_000,
    deliveryRetryMaxDelayMs: 300_000,
    deliveryMaxAttempts: 20,
    deliveryBatchSize: 20,
    ...options.orders,
  };
  const app = await startTestApp(OrdersTestModule, {
    logger,
    listen: true,
    override: (builder) =>
      builder
        .overrideProvider(cacheConfig.KEY)
        .useValue(cache)
        .overrideProvider(ordersConfig.KEY)
        .useValue(orders),
  });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    logger,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    breakers: app.get(CircuitBreakerRegistry),
    outbox: app.get(OutboxPublisher),
    keyPrefix,
    get: (type) => app.get(type as never),
    close: () => app.close(),
  };
}

/** A valid body of `POST /orders`. */
export function orderBody(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    customerId: `customer-${randomUUID().slice(0, 8)}`,
    products: [
      { productId: 'product-1', quantity: 2 },
      { productId: 'product-2', quantity: 1 },
    ],
    shippingAddress: {
      street: '1 Main Street',
      city: 'Springfield',
      state: 'IL',
      zipCode: '62701',
      country: 'US',
    },
    ...overrides,
  };
}
