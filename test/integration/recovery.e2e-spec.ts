import request from 'supertest';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import {
  CheckpointStore,
  PipelineStatus,
  RecoveryScheduler,
  StepAction,
  StepOutcome,
  WorkflowHealthIndicator,
} from '@nest-resilience/workflows';
import {
  admin,
  createTestSchema,
  POSTGRES_URL,
  startIntegrationApp,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import { waitFor } from './integration.fixtures.js';
import { leaveStuckMessage } from './stuck-message.fixture.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';

describe('recovery jobs on PostgreSQL, two instances', () => {
  let schema: TestSchema;
  let targets: TargetSystemsApp;
  let proxy: FaultProxy;
  let a: IntegrationTestApp;
  let b: IntegrationTestApp;

  const stuckMessage = (n: number) =>
    leaveStuckMessage(a.get(CheckpointStore), n);
  const completed = (app: IntegrationTestApp, ids: string[]) =>
    waitFor(`${ids.length} message(s) to complete`, async () => {
      const all = await Promise.all(
        ids.map((id) => app.get(CheckpointStore).find(id)),
      );
      return all.every((c) => c?.status === PipelineStatus.COMPLETED)
        ? all
        : undefined;
    });
  const stepRuns = async (id: string) =>
    (await a.get(CheckpointStore).history(id))
      .filter(
        (h) =>
          h.action === StepAction.RUN && h.outcome === StepOutcome.COMPLETED,
      )
      .map((h) => h.step);

  beforeAll(async () => {
    schema = await createTestSchema();
    targets = await startTargetSystems();
    // Instance a reaches PostgreSQL through the proxy, so its connections can be dropped alone.
    proxy = await FaultProxy.start(POSTGRES_URL);
    [a, b] = await Promise.all([
      startIntegrationApp(schema, {
        targets: targets.urls,
        databaseUrl: proxy.url(POSTGRES_URL),
      }),
      startIntegrationApp(schema, { targets: targets.urls }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await proxy?.close();
    await targets?.close();
    await schema?.drop();
  });

  beforeEach(() => {
    for (const system of [
      'inventory-service',
      'payment-service',
      'shipping-service',
    ] as const)
      targets.simulator(system).reset();
  });

  it('picks up a message stuck in a step and resumes it there', async () => {
    const id = await stuckMessage(1);
    const run = await a.get(RecoveryScheduler).run('stuck-messages');
    expect(run).toMatchObject({
      job: 'stuck-messages',
      ok: true,
      report: { claimed: 1, resumed: 1, ids: id },
    });
    await completed(a, [id]);
    expect(await stepRuns(id)).toEqual([
      'validate',
      'reserve-inventory',
      'take-payment',
      'schedule-shipping',
    ]);
    expect(targets.simulator('inventory-service').view().stats.applied).toBe(1);
  });

  it('lets two instances run the job at once without both taking a message', async () => {
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) => stuckMessage(100 + i)),
    );
    const [runA, runB] = await Promise.all([
      a.get(RecoveryScheduler).run('stuck-messages'),
      b.get(RecoveryScheduler).run('stuck-messages'),
    ]);
    expect(Number(runA.report.claimed) + Number(runB.report.claimed)).toBe(30);
    await completed(a, ids);

    // Every message ran each of its remaining steps once, and each side effect was applied once.
    for (const id of ids)
      expect(await stepRuns(id)).toEqual([
        'validate',
        'reserve-inventory',
        'take-payment',
        'schedule-shipping',
      ]);
    for (const system of [
      'inventory-service',
      'payment-service',
      'shipping-service',
    ] as const) {
      expect(targets.simulator(system).view().stats).toMatchObject({
        requests: 30,
        applied: 30,
        replayed: 0,
      });
    }
    // Nothing is left to take.
    expect(
      (await b.get(RecoveryScheduler).run('stuck-messages')).report.claimed,
    ).toBe(0);
  });

  it('purges finished messages past their retention and keeps the rest', async () => {
    const old = await stuckMessage(200);
    const recent = await stuckMessage(201);
    await a.get(RecoveryScheduler).run('stuck-messages');
    await completed(a, [old, recent]);
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await a.dataSource.query(
      `UPDATE ${schema.name}.integration_messages SET finished_at = $1 WHERE id = $2`,
      [eightDaysAgo, old],
    );
    const unfinished = await stuckMessage(202);

    const run = await b.get(RecoveryScheduler).run('retention');
    expect(run.report).toMatchObject({
      finishedMessages: 1,
      failedMessages: 0,
      resolvedDeadLetters: 0,
    });
    expect(await a.get(CheckpointStore).find(old)).toBeUndefined();
    expect(await a.get(CheckpointStore).history(old)).toEqual([]);
    expect(await a.get(CheckpointStore).find(recent)).toBeDefined();
    expect(await a.get(CheckpointStore).find(unfinished)).toBeDefined();
  });

  it('re-establishes database connections that went bad', async () => {
    const before = await a.get(RecoveryScheduler).run('connections');
    expect(before.report).toMatchObject({ database: 'ok' });
    // Every connection of instance a is dropped, as a failover or restart would.
    expect(proxy.connections).toBeGreaterThan(0);
    proxy.resetConnections();
    const after = await a.get(RecoveryScheduler).run('connections');
    expect(after.ok).toBe(true);
    expect(['ok', 're-established']).toContain(after.report.database);
    // And the engine works on the fresh connections.
    const id = await stuckMessage(300);
    await a.get(RecoveryScheduler).run('stuck-messages');
    await completed(a, [id]);
  });

  it('reports what each job did in a queryable last-run summary', async () => {
    await a.get(RecoveryScheduler).run('outbox');
    await request(a.url).get('/admin/integration/recovery').expect(401);
    const { body } = await request(a.url)
      .get('/admin/integration/recovery')
      .set(admin)
      .expect(200);
    expect(body.jobs).toEqual([
      'stuck-messages',
      'outbox',
      'retention',
      'connections',
    ]);
    const byJob = Object.fromEntries(
      (body.lastRuns as { job: string }[]).map((r) => [r.job, r]),
    );
    expect(byJob.outbox).toMatchObject({
      ok: true,
      report: { skipped: 'no outbox in this application' },
    });
    expect(byJob['stuck-messages']).toMatchObject({
      ok: true,
      runs: expect.any(Number),
      failures: 0,
    });
    const ran = await request(a.url)
      .post('/admin/integration/recovery/retention/run')
      .set(admin)
      .expect(200);
    expect(ran.body).toMatchObject({ job: 'retention', ok: true });
    await request(a.url)
      .post('/admin/integration/recovery/nope/run')
      .set(admin)
      .expect(404);
  });

  it('reports stuck messages in its health indicator until recovery takes them', async () => {
    const health = a.get(WorkflowHealthIndicator);
    const id = await stuckMessage(400);
    expect((await health.isHealthy('integration')).integration).toMatchObject({
      status: 'degraded',
      stuck: 1,
    });
    await a.get(RecoveryScheduler).run('stuck-messages');
    await completed(a, [id]);
    expect((await health.isHealthy('integration')).integration).toMatchObject({
      status: 'up',
      stuck: 0,
    });
  });
});
