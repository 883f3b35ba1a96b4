import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  BulkheadRegistry,
  CircuitBreakerRegistry,
  loadResilienceSettings,
  RESILIENCE_SETTINGS,
  type ResolvedResilienceSettings,
} from '@nest-resilience/resilience';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/configure-app.js';
import { startTestApp } from '../support/test-app.js';

const SHIPPED = join(process.cwd(), 'config/resilience.yaml');
const ADMIN_TOKEN = 'config-layering-admin-token-0123';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
/** Long enough that all 20 orders ask while the first 5 checks still wait for their answers. */
const PRODUCT_DELAY_MS = 1_500;
const ORDERS = 20;

const AVAILABLE = [
  { productId: 'product-1', available: true, quantity: 5 },
  { productId: 'product-2', available: true, quantity: 5 },
];
const DELIVERY = {
  deliveryId: 'd-1',
  trackingNumber: 'T-1',
  estimatedDeliveryDate: '2030-01-01',
  carrier: 'Stub',
};

function orderBody(): Record<string, unknown> {
  return {
    customerId: 'customer-layering',
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
  };
}

describe('resilience configuration: a user file over the shipped one, every key in effect', () => {
  const saved = { ...process.env };
  const folder = mkdtempSync(join(tmpdir(), 'config-layering-e2e-'));
  let boots = 0;
  const userFile = (name: string, text: string): string => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  /** The environment the app starts with: SQLite, no Redis, the stubs as downstream services. */
  const environment = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...rest } = saved;
    const env: NodeJS.ProcessEnv = {
      ...rest,
      DATABASE_SQLITE_PATH: join(folder, `app-${++boots}.sqlite`),
      ADMIN_TOKEN,
      ...extra,
    };
    for (const name of Object.keys(env)) {
      if (name.startsWith('RESILIENCE__') && !(name in extra)) delete env[name];
    }
    return env;
  };

  afterAll(() => {
    process.env = saved;
    rmSync(folder, { recursive: true, force: true });
  });

  describe('a user file that tunes only product-service, and a bulkhead set by a variable', () => {
    let products: StubHttpServer;
    let deliveries: StubHttpServer;
    let app: INestApplication;
    let file: string;

    beforeAll(async () => {
      products = await StubHttpServer.start();
      deliveries = await StubHttpServer.start();
      deliveries
        .on('POST', '/deliveries')
        .reply({ status: 201, body: DELIVERY });
      file = userFile(
        'product-only.yaml',
        [
          'services:',
          '  product-service:',
          '    circuitBreaker: { volumeThreshold: 40 }',
          '    retry: { maxAttempts: 2 }',
        ].join('\n'),
      );
      process.env = environment({
        RESILIENCE_CONFIG_FILE: file,
        RESILIENCE__PRODUCT_SERVICE__BULKHEAD__MAX_CONCURRENT: '5',
        PRODUCT_SERVICE_URL: products.url,
        DELIVERY_SERVICE_URL: deliveries.url,
      });
      app = await startTestApp(AppModule);
    });
    afterAll(async () => {
      await app?.close();
      await products?.close();
      await deliveries?.close();
      process.env = saved;
    });

    it('boots, and every service the file does not mention keeps its shipped settings', async () => {
      const shipped = loadResilienceSettings({ file: SHIPPED });
      const settings = app.get<ResolvedResilienceSettings>(RESILIENCE_SETTINGS);
      expect(Object.keys(settings.services)).toEqual(
        Object.keys(shipped.services),
      );
      for (const name of Object.keys(shipped.services)) {
        if (name === 'product-service') continue;
        expect(settings.services[name], name).toStrictEqual(
          shipped.services[name],
        );
      }
      expect(
        app.get(CircuitBreakerRegistry).get('delivery-service')?.settings,
      ).toMatchObject({
        errorThresholdPercentage: 40,
        volumeThreshold: 5,
        resetTimeoutMs: 60_000,
      });
      const breaker = await request(app.getHttpServer())
        .get('/admin/resilience/breakers/delivery-service')
        .set(admin)
        .expect(200);
      expect(breaker.body).toMatchObject({
        name: 'delivery-service',
        state: 'CLOSED',
      });
    });

    it("applies the user file's keys over the shipped ones for product-service, keeping the rest", () => {
      const shipped = loadResilienceSettings({ file: SHIPPED }).services[
        'product-service'
      ]!;
      const product =
        app.get<ResolvedResilienceSettings>(RESILIENCE_SETTINGS).services[
          'product-service'
        ];
      expect(product).toStrictEqual({
        circuitBreaker: { ...shipped.circuitBreaker, volumeThreshold: 40 },
        retry: { ...shipped.retry, maxAttempts: 2 },
        bulkhead: { ...shipped.bulkhead, maxConcurrent: 5 },
      });
    });

    it('lets at most 5 availability checks run at once under 20 concurrent orders, the rest refused at once and reviewed by hand', async () => {
      products.reset();
      products
        .on('POST', '/check-availability')
        .reply({ body: AVAILABLE, delayMs: PRODUCT_DELAY_MS });
      const server = app.getHttpServer();
      const answers = await Promise.all(
        Array.from({ length: ORDERS }, () =>
          request(server).post('/orders').send(orderBody()),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(
        Array(ORDERS).fill(201),
      );
      const reviewed = answers.filter(
        (answer) => answer.body.requiresManualReview === true,
      ).length;
      const checked = products.count('POST', '/check-availability');

      // The bulkhead was full (it refused some), and the stub never saw more than its 5.
      expect(reviewed).toBeGreaterThan(0);
      expect(products.peakConcurrency).toBe(5);
      // No queue (maxQueue 0): every check beyond the 5 running ones was refused, not sent.
      expect(checked + reviewed).toBe(ORDERS);
      expect(
        app.get(BulkheadRegistry).stats()['product-service'],
      ).toMatchObject({ running: 0, queued: 0, rejected: reviewed });
    });
  });

  describe('a key that would take no effect stops the start, naming it', () => {
    afterEach(() => {
      process.env = saved;
    });

    /** Builds and initialises the app as `startTestApp` does, closing it whatever happens. */
    async function bootFailure(extra: Record<string, string>): Promise<string> {
      process.env = environment(extra);
      const moduleRef = await Test.createTestingModule({
        imports: [AppModule],
      }).compile();
      const app = moduleRef.createNestApplication<NestExpressApplication>({
        logger: false,
      });
      configureApp(app);
      try {
        await app.init();
      } catch (error) {
        return (error as Error).message;
      } finally {
        // What the failed start opened (database, Redis client) is released all the same.
        await app.close().catch(() => undefined);
      }
      throw new Error('the application started');
    }

    it('a bulkhead for a service whose calls pass through no @Bulkhead (Redis)', async () => {
      const message = await bootFailure({
        REDIS_URL: saved.REDIS_URL ?? 'redis://127.0.0.1:6379',
        RESILIENCE_CONFIG_FILE: userFile(
          'redis-bulkhead.yaml',
          'services:\n  redis:\n    bulkhead: { maxConcurrent: 4 }\n',
        ),
      });
      expect(message).toContain(
        `services.redis.bulkhead is set (maxConcurrent in ${join(folder, 'redis-bulkhead.yaml')}) ` +
          'but no @Bulkhead guards redis calls',
      );
    });

    it('a retry set by a variable for a service no @Retry guards', async () => {
      const message = await bootFailure({
        REDIS_URL: saved.REDIS_URL ?? 'redis://127.0.0.1:6379',
        RESILIENCE__REDIS__RETRY__MAX_ATTEMPTS: '2',
      });
      expect(message).toContain(
        'services.redis.retry is set (maxAttempts from RESILIENCE__REDIS__RETRY__MAX_ATTEMPTS) ' +
          'but no @Retry guards redis calls',
      );
    });

    it('a service of the user file that nothing calls, listing the known ones', async () => {
      const file = userFile(
        'typo.yaml',
        'services:\n  alert-webhok:\n    retry: { maxAttempts: 2 }\n',
      );
      const message = await bootFailure({ RESILIENCE_CONFIG_FILE: file });
      expect(message).toContain(
        `services.alert-webhok (in ${file}): unknown service: nothing in this application calls it (known: product-service, delivery-service,`,
      );
      expect(message).toMatch(/known: [^)]*alert-webhook/);
    });
  });
});
