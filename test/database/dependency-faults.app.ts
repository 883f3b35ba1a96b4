import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import { AppModule } from '../../src/app.module.js';
import { CapturingLogger } from '../envelope/capturing.logger.js';
import { startTestApp } from '../support/test-app.js';
import {
  createTestSchema,
  POSTGRES_URL,
  type TestSchema,
} from '../support/test-schema.js';

/** Redis of the tests (`docker compose up -d redis` starts it). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN_TOKEN = 'dependency-faults-admin-0123456789';

/** The whole application, reaching PostgreSQL and Redis only through proxies the spec owns. */
export interface FaultyDependenciesApp {
  app: NestExpressApplication;
  url: string;
  logger: CapturingLogger;
  /** Between the app and PostgreSQL. */
  postgres: FaultProxy;
  /** Between the app and Redis. */
  redis: FaultProxy;
  close(): Promise<void>;
}

/** Variables that would connect the app to something other than the proxies. */
const UNSET = [
  'RABBITMQ_URL',
  'NATS_URL',
  'PRODUCT_SERVICE_URL',
  'DELIVERY_SERVICE_URL',
  'RESILIENCE_CONFIG_FILE',
  'ALERT_WEBHOOK_URL',
];

/**
 * Starts `AppModule` as `main.ts` does (the shipped configuration, the app's database and cache
 * settings at their defaults unless `env` says otherwise) on its own PostgreSQL schema, with
 * PostgreSQL and Redis behind {@link FaultProxy}s, so a spec can hang, drop or refuse either
 * without touching the real services or other specs' connections.
 *
 * @param env variables added to (or overriding) the process environment for this app
 */
export async function startFaultyDependenciesApp(
  env: Record<string, string> = {},
): Promise<FaultyDependenciesApp> {
  const saved = { ...process.env };
  const schema: TestSchema = await createTestSchema('dep_faults');
  const postgres = await FaultProxy.start(POSTGRES_URL);
  const redis = await FaultProxy.start(REDIS_URL);
  const logger = new CapturingLogger();
  const base = Object.fromEntries(
    Object.entries(saved).filter(
      ([name]) => !UNSET.includes(name) && !name.startsWith('DATABASE_'),
    ),
  );
  process.env = {
    ...base,
    NODE_ENV: 'test',
    DATABASE_URL: postgres.url(POSTGRES_URL),
    DATABASE_SCHEMA: schema.name,
    REDIS_URL: redis.url(REDIS_URL),
    ADMIN_TOKEN,
    RATE_LIMIT_PER_MINUTE: '100000',
    MESSAGING_RELAY: 'false',
    ...env,
  };
  let app: NestExpressApplication;
  try {
    app = await startTestApp(AppModule, { logger, listen: true });
  } catch (error) {
    process.env = saved;
    await Promise.all([postgres.close(), redis.close()]);
    await schema.drop();
    throw error;
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    logger,
    postgres,
    redis,
    close: async () => {
      postgres.pass();
      redis.pass();
      await app.close();
      process.env = saved;
      await Promise.all([postgres.close(), redis.close()]);
      await schema.drop().catch(() => undefined);
    },
  };
}

/** A valid body of `POST /orders`. */
export function orderBody(): Record<string, unknown> {
  return {
    customerId: `customer-${randomUUID().slice(0, 8)}`,
    products: [{ productId: 'product-1', quantity: 1 }],
    shippingAddress: {
      street: '1 Main Street',
      city: 'Springfield',
      state: 'IL',
      zipCode: '62701',
      country: 'US',
    },
  };
}
