import request from 'supertest';
import {
  ErrorLogStore,
  AlertingErrorLogStore,
} from '@nest-resilience/problem-details';
import { AppModule } from '../../src/app.module.js';
import {
  DeadLetterHealthIndicator,
  DeadLetterService,
} from '@nest-resilience/dead-letters';
import {
  createTestDatabase,
  DRIVERS,
  type TestDatabase,
} from './dead-letter-test.app.js';
import { startTestApp } from '../support/test-app.js';

const TOKEN = 'wiring-admin-token-0123456789';

describe.each(DRIVERS)(
  'the application wired with the dead letter queue on %s',
  (driver) => {
    let database: TestDatabase;
    const saved = { ...process.env };

    beforeAll(async () => {
      database = await createTestDatabase(driver);
      const { DATABASE_URL: _unset, ...rest } = saved;
      process.env = { ...rest, ...database.env, ADMIN_TOKEN: TOKEN };
    });
    afterAll(async () => {
      process.env = saved;
      await database?.drop();
    });

    it('boots from the environment, serves /admin/dlq and keeps the error log durable', async () => {
      const app = await startTestApp(AppModule);
      try {
        expect(app.get(ErrorLogStore)).toBeInstanceOf(AlertingErrorLogStore);
        const entry = await app.get(DeadLetterService).deadLetter({
          source: 'wiring',
          destination: 'http://127.0.0.1:9/x',
          payload: { a: 1 },
          error: new Error('boom'),
        });
        const response = await request(app.getHttpServer())
          .get(`/admin/dlq/messages/${entry.id}`)
          .set({ Authorization: `Bearer ${TOKEN}` })
          .expect(200);
        expect(response.body).toMatchObject({
          id: entry.id,
          source: 'wiring',
          status: 'PENDING',
        });
        const health = await app.get(DeadLetterHealthIndicator).isHealthy();
        expect(health.deadLetterQueue.status).toBe('up');
      } finally {
        await app.close();
      }
    });
  },
);
