import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  DeadLetterHealthIndicator,
  DeadLetterMaintenanceService,
} from '@nest-resilience/dead-letters';
import {
  admin,
  createTestDatabase,
  deadLetterBody,
  DRIVERS,
  startDeadLetterApp,
  type DeadLetterTestApp,
  type TestDatabase,
} from './dead-letter-test.app.js';

const DAY_MS = 86_400_000;
const byText = (a: string, b: string) => a.localeCompare(b);

describe.each(DRIVERS)(
  'dead letter retention, size limit, alerts and health on %s',
  (driver) => {
    let database: TestDatabase;
    let t: DeadLetterTestApp;
    let webhook: StubHttpServer;

    beforeAll(async () => {
      database = await createTestDatabase(driver);
      webhook = await StubHttpServer.start();
      t = await startDeadLetterApp(database, {
        maxSize: 3,
        retentionDays: 30,
        alerts: {
          webhookUrl: `${webhook.url}/alerts`,
          deadLetterThreshold: 2,
          digestIntervalMs: 100,
          // Each test must see its own alerts; the once-per-transition logic is what is tested.
          dedupeWindowMs: 0,
        },
        health: { maxOpen: 2, maxOldestPendingAgeMs: 60_000 },
      });
    });
    afterAll(async () => {
      await t?.close();
      await webhook?.close();
      await database?.drop();
    });
    beforeEach(async () => {
      await t.truncate();
      webhook.reset();
      webhook.on('POST', '/alerts').reply({ status: 200 });
    });

    const create = (overrides: Record<string, unknown> = {}) =>
      request(t.server)
        .post('/admin/dlq/messages')
        .set(admin)
        .send(deadLetterBody(overrides));

    async function alertsPosted(): Promise<Record<string, unknown>[]> {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await t.alerts.drain();
      return webhook
        .requests('POST', '/alerts')
        .map((r) => r.body as Record<string, unknown>);
    }

    it('purges resolved entries past the retention period, and nothing else', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await create().expect(201)).body.id);
      for (const id of ids.slice(0, 2)) {
        await request(t.server)
          .post(`/admin/dlq/messages/${id}/resolve`)
          .set(admin)
          .send({ reason: 'r' })
          .expect(200);
      }
      const repository = t.dataSource.getRepository('dead_letters');
      const old = new Date(Date.now() - 40 * DAY_MS);
      // One resolved long ago, one pending long ago: only the resolved one may go.
      await repository.update(
        { id: ids[0] },
        { resolvedAt: old, createdAt: old },
      );
      await repository.update(
        { id: ids[2] },
        { createdAt: old, firstFailedAt: old },
      );
      const maintenance = t.get(DeadLetterMaintenanceService);
      const report = await maintenance.run();
      expect(report.purged).toBe(1);
      expect((await repository.find()).map((r) => r.id).sort(byText)).toEqual(
        ids.slice(1).sort(byText),
      );
      expect(await maintenance.purgeResolved()).toBe(0);
    });

    it('refuses new entries with 503 DEPENDENCY_UNAVAILABLE once full, with one CRITICAL alert', async () => {
      for (let i = 0; i < 3; i++) await create().expect(201);
      const full = await create().expect(503);
      expect(full.body).toMatchObject({
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        retryable: true,
      });
      expect(full.headers['retry-after']).toBeDefined();
      await create().expect(503);
      const posted = await alertsPosted();
      // Refused twice, alerted once; the filter's error log alerts about the 503s under its own key.
      const critical = posted.filter(
        (p) => p.type === 'alert' && p.key === 'dlq-full',
      );
      expect(critical).toHaveLength(1);
      expect(critical[0]).toMatchObject({
        key: 'dlq-full',
        severity: 'CRITICAL',
        details: { maxSize: 3 },
      });
      // The threshold (2) was crossed on the way: a HIGH alert, in a digest.
      const digest = posted.find((p) => p.type === 'digest') as
        { alerts: { key: string }[] } | undefined;
      expect(digest?.alerts.map((a) => a.key)).toContain('dlq-threshold');
      // Room again once an entry is resolved.
      const [first] = (
        await request(t.server).get('/admin/dlq/messages').set(admin)
      ).body.items;
      await request(t.server)
        .post(`/admin/dlq/messages/${first.id}/resolve`)
        .set(admin)
        .send({ reason: 'r' })
        .expect(200);
      await create().expect(201);
      expect(await t.dataSource.getRepository('dead_letters').count()).toBe(4);
    });

    it('reports the queue up while small and degraded (never down) past a threshold', async () => {
      const health = t.get(DeadLetterHealthIndicator);
      expect((await health.isHealthy()).deadLetterQueue.status).toBe('up');
      await create().expect(201);
      await create().expect(201);
      const degraded = await health.isHealthy('dlq');
      expect(degraded.dlq).toMatchObject({
        status: 'degraded',
        open: 2,
        maxOpen: 2,
      });
      const repository = t.dataSource.getRepository('dead_letters');
      await repository.update(
        { status: 'PENDING' },
        { status: 'RESOLVED', resolvedAt: new Date() },
      );
      await create().expect(201);
      await repository.update(
        { status: 'PENDING' },
        { createdAt: new Date(Date.now() - 120_000) },
      );
      const old = await health.isHealthy();
      expect(old.deadLetterQueue.status).toBe('degraded');
      expect(old.deadLetterQueue.oldestPendingAgeMs).toBeGreaterThanOrEqual(
        120_000,
      );
    });
  },
);
