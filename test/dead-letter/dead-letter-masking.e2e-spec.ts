import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { ErrorCategory, ErrorSeverity } from '@nest-resilience/resilience';
import {
  ErrorLogStore,
  type ErrorLogEntry,
  AlertingErrorLogStore,
} from '@nest-resilience/problem-details';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  admin,
  createTestDatabase,
  DRIVERS,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

const SECRETS = [
  'hunter2',
  '4111111111111111',
  '4111 1111 1111 1111',
  'real-bearer-token',
  's3cr3t-api-key',
];

describe.each(DRIVERS)(
  'masking, alerts and the durable error log on %s',
  (driver) => {
    let database: TestDatabase;
    let t: DeadLetterTestApp;
    let stub: StubHttpServer;

    beforeAll(async () => {
      database = await createTestDatabase(driver);
      stub = await StubHttpServer.start();
      t = await startDeadLetterApp(database, {
        sensitiveKeys: ['password', 'authorization', 'cardNumber', 'apiKey'],
        alerts: { webhookUrl: `${stub.url}/slack`, format: 'slack' },
      });
    });
    afterAll(async () => {
      await t?.close();
      await stub?.close();
      await database?.drop();
    });
    beforeEach(async () => {
      await t.truncate();
      stub.reset();
      stub.on('POST', '/slack').reply({ status: 200 });
    });

    async function deadLetterSecret(destination: string) {
      const error = new Error(
        'card 4111 1111 1111 1111 refused, password=hunter2',
        {
          cause: Object.assign(
            new Error('upstream said apiKey=s3cr3t-api-key'),
            { code: 'ECONNREFUSED' },
          ),
        },
      );
      return t.get(DeadLetterService).deadLetter({
        source: 'payments',
        destination,
        pattern: 'payment.capture',
        payload: {
          amount: 10,
          card: { cardNumber: '4111111111111111' },
          user: { password: 'hunter2' },
        },
        headers: {
          Authorization: 'Bearer real-bearer-token',
          'X-Api-Key': 's3cr3t-api-key',
        },
        error,
      });
    }

    it('never shows or logs a secret, and replays the original', async () => {
      stub.on('POST', '/pay').reply({ status: 200 });
      const entry = await deadLetterSecret(`${stub.url}/pay`);
      expect(entry.error).toMatchObject({
        type: 'Error',
        code: 'UPSTREAM_UNAVAILABLE',
        sourceCode: 'ECONNREFUSED',
      });
      const shown = await request(t.server)
        .get(`/admin/dlq/messages/${entry.id}`)
        .set(admin)
        .expect(200);
      const listed = await request(t.server)
        .get('/admin/dlq/messages')
        .set(admin)
        .expect(200);
      const replayed = await request(t.server)
        .post(`/admin/dlq/messages/${entry.id}/replay`)
        .set(admin)
        .expect(200);
      for (const body of [shown.body, listed.body, replayed.body]) {
        const text = JSON.stringify(body);
        for (const secret of SECRETS) expect(text).not.toContain(secret);
      }
      expect(shown.body.payload).toEqual({
        amount: 10,
        card: { cardNumber: '***' },
        user: { password: '***' },
      });
      expect(shown.body.error.message).toContain('password=***');
      const logged = t.logger.lines
        .map((line) => `${line.text}\n${line.stack ?? ''}`)
        .join('\n');
      expect(logged).toContain(`Dead-lettered id=${entry.id}`);
      // The replay's line may name who asked for it before the entry.
      expect(logged).toMatch(new RegExp(`Replayed\\b.*\\bid=${entry.id}`));
      for (const secret of SECRETS) expect(logged).not.toContain(secret);
      const [delivered] = stub.requests('POST', '/pay');
      expect(delivered.body).toEqual({
        amount: 10,
        card: { cardNumber: '4111111111111111' },
        user: { password: 'hunter2' },
      });
      expect(delivered.headers.authorization).toBe('Bearer real-bearer-token');
      expect(delivered.headers['x-api-key']).toBe('s3cr3t-api-key');
    });

    it('masks email addresses and phone numbers in every string it shows or logs', async () => {
      const entry = await t.get(DeadLetterService).deadLetter({
        source: 'crm',
        destination: 'http://127.0.0.1:9/contacts',
        pattern: 'contact.updated',
        payload: {
          contact: {
            email: 'grace.hopper@example.org',
            phones: ['+1 (555) 123-4567', '0170 1234567'],
          },
          note: 'reach me at grace.hopper@example.org',
          orderNumber: '1234567890123',
          at: '2024-01-05T10:00:00.000Z',
        },
        headers: { 'x-reply-to': 'ops@example.net' },
        error: new Error(
          'mailbox grace.hopper@example.org full, sms to +49 170 1234567 failed',
        ),
      });
      const shown = await request(t.server)
        .get(`/admin/dlq/messages/${entry.id}`)
        .set(admin)
        .expect(200);
      expect(shown.body.payload).toEqual({
        contact: { email: '***@example.org', phones: ['***67', '***67'] },
        note: 'reach me at ***@example.org',
        orderNumber: '1234567890123',
        at: '2024-01-05T10:00:00.000Z',
      });
      expect(shown.body.headers).toEqual({ 'x-reply-to': '***@example.net' });
      expect(shown.body.error.message).toBe(
        'mailbox ***@example.org full, sms to ***67 failed',
      );
      const logged = t.logger.lines.map((line) => line.text).join('\n');
      expect(logged).toContain(`Dead-lettered id=${entry.id}`);
      for (const secret of ['grace.hopper', '123-4567', '170 1234567'])
        expect(logged).not.toContain(secret);
    });

    it('alerts once, in Slack format, for CRITICAL failures dead-lettered within the window', async () => {
      const service = t.get(DeadLetterService);
      for (let i = 0; i < 3; i++) {
        await service.deadLetter({
          source: 'db-writer',
          destination: 'http://127.0.0.1:9/x',
          payload: { i },
          error: Object.assign(new Error('terminating connection'), {
            code: '57P01',
            severity: 'FATAL',
          }),
        });
      }
      await t.alerts.drain();
      const posts = stub
        .requests('POST', '/slack')
        .map((r) => r.body as { text: string; attachments: unknown[] });
      expect(posts).toHaveLength(1);
      expect(posts[0].text).toBe(
        '[CRITICAL] CRITICAL failure dead-lettered from db-writer',
      );
      expect(posts[0].attachments).toHaveLength(1);
    });

    it('keeps the error log in the database, behind the alerting store the filter uses', async () => {
      const errorLog = t.get(ErrorLogStore);
      expect(errorLog).toBeInstanceOf(AlertingErrorLogStore);
      const entry = (n: number, severity: ErrorSeverity): ErrorLogEntry => ({
        id: crypto.randomUUID(),
        timestamp: new Date(Date.now() - 1_000 * (10 - n)),
        code: 'DEPENDENCY_UNAVAILABLE',
        status: 503,
        category: ErrorCategory.EXTERNAL_DEPENDENCY,
        severity,
        rule: 'postgres',
        requestId: `r-${n}`,
        context: { transport: 'http', method: 'POST', path: '/orders' },
        error: {
          name: 'QueryFailedError',
          message: 'connection lost',
          causes: [],
        },
      });
      await errorLog.record(entry(1, ErrorSeverity.HIGH));
      await errorLog.record(entry(2, ErrorSeverity.CRITICAL));
      await errorLog.record(entry(3, ErrorSeverity.CRITICAL));
      const newestFirst = await errorLog.query();
      expect(newestFirst.map((e) => e.requestId)).toEqual([
        'r-3',
        'r-2',
        'r-1',
      ]);
      expect(newestFirst[0]).toMatchObject({
        context: { path: '/orders' },
        error: { name: 'QueryFailedError' },
      });
      expect(
        (
          await errorLog.query({ severity: ErrorSeverity.CRITICAL, limit: 1 })
        ).map((e) => e.requestId),
      ).toEqual(['r-3']);
      expect(
        (await errorLog.query({ requestId: 'r-1' })).map((e) => e.severity),
      ).toEqual(['HIGH']);
      await t.alerts.drain();
      const posts = stub.requests('POST', '/slack');
      expect(posts).toHaveLength(1);
      expect((posts[0].body as { text: string }).text).toContain(
        'DEPENDENCY_UNAVAILABLE (503) recorded',
      );
    });
  },
);
