import {
  CheckpointStore,
  PipelineStatus,
  RecoveryScheduler,
  StepAction,
  WorkflowEngine,
  type Checkpoint,
} from '@nest-resilience/workflows';
import type { TargetSystem } from '../../src/integration/config/integration.config.js';
import {
  createTestSchema,
  startIntegrationApp,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import {
  orderFulfilment,
  patientRecord,
  waitFor,
  waitForFinished,
} from './integration.fixtures.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';

const LEASE_MS = 2_000;

describe('a process killed mid-pipeline, restarted on the same database', () => {
  let schema: TestSchema;
  let targets: TargetSystemsApp;
  const open: IntegrationTestApp[] = [];

  const start = async (config: { shutdownGraceMs?: number } = {}) => {
    const app = await startIntegrationApp(schema, {
      targets: targets.urls,
      config: { leaseMs: LEASE_MS, ...config },
    });
    open.push(app);
    return app;
  };
  const requests = (system: TargetSystem) =>
    targets.simulator(system).view().stats.requests;
  const stepsRun = async (app: IntegrationTestApp, id: string) =>
    (await app.get(CheckpointStore).history(id))
      .filter((h) => h.action === StepAction.RUN)
      .map((h) => `${h.step}:${h.outcome}`);
  /** Runs the stuck-message job until it claims something, as the schedule would. */
  const recover = (app: IntegrationTestApp) =>
    waitFor('the recovery job to claim the message', async () => {
      const run = await app.get(RecoveryScheduler).run('stuck-messages');
      return run.report.claimed === 1 ? run : undefined;
    });
  const finished = (app: IntegrationTestApp, id: string) =>
    waitForFinished(app.get(CheckpointStore), id);

  beforeAll(async () => {
    schema = await createTestSchema();
    targets = await startTargetSystems();
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((app) => app.close()));
  });

  afterAll(async () => {
    await targets?.close();
    await schema?.drop();
  });

  beforeEach(() => {
    for (const system of [
      'fhir-server',
      'terminology-server',
      'inventory-service',
      'payment-service',
      'shipping-service',
    ] as const) {
      targets.simulator(system).reset();
    }
  });

  it('resumes at the step in flight when killed, and the target applies that step once (idempotency key)', async () => {
    targets.simulator('fhir-server').setFaults({ latencyMs: 1_000 });
    const a = await start();
    const { id } = await a
      .get(WorkflowEngine)
      .submit({ type: 'patient-record', payload: patientRecord() });
    await waitFor('deliver to reach the FHIR server', () =>
      requests('fhir-server') >= 1 ? true : undefined,
    );
    const atKill = (await a.get(CheckpointStore).find(id))!;
    expect(atKill).toMatchObject({
      status: PipelineStatus.PROCESSING,
      lastCompletedStep: 'enrich',
      currentStep: 'deliver',
    });

    // The kill: no grace, so the answer to the step in flight is never checkpointed.
    await a.close();
    targets.simulator('fhir-server').setFaults({ latencyMs: 0 });
    const b = await start();
    expect(
      (await b.get(RecoveryScheduler).run('stuck-messages')).report.claimed,
    ).toBe(0);
    await recover(b);
    const done: Checkpoint = await finished(b, id);

    expect(done.status).toBe(PipelineStatus.COMPLETED);
    expect(await stepsRun(b, id)).toEqual([
      'validate:COMPLETED',
      'transform:COMPLETED',
      'enrich:COMPLETED',
      'deliver:COMPLETED',
    ]);
    // Completed steps were not repeated; the step in flight was sent again with its key and applied once.
    expect(requests('terminology-server')).toBe(1);
    expect(targets.simulator('fhir-server').view().stats).toMatchObject({
      requests: 2,
      applied: 1,
      replayed: 1,
    });
    expect(targets.simulator('fhir-server').appliedFor(`${id}:deliver`)).toBe(
      1,
    );
  });

  it('resumes a saga at the payment in flight without reserving inventory again', async () => {
    targets.simulator('payment-service').setFaults({ latencyMs: 1_000 });
    const a = await start();
    const { id } = await a
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(7) });
    await waitFor('the payment to reach the payment service', () =>
      requests('payment-service') >= 1 ? true : undefined,
    );
    await a.close();
    targets.simulator('payment-service').setFaults({ latencyMs: 0 });

    const b = await start();
    await recover(b);
    const done = await finished(b, id);

    expect(done.status).toBe(PipelineStatus.COMPLETED);
    expect(await stepsRun(b, id)).toEqual([
      'validate:COMPLETED',
      'reserve-inventory:COMPLETED',
      'take-payment:COMPLETED',
      'schedule-shipping:COMPLETED',
    ]);
    expect(targets.simulator('inventory-service').view().stats).toMatchObject({
      requests: 1,
      applied: 1,
    });
    expect(targets.simulator('payment-service').view().stats).toMatchObject({
      requests: 2,
      applied: 1,
      replayed: 1,
    });
    expect(targets.simulator('shipping-service').view().stats).toMatchObject({
      requests: 1,
      applied: 1,
    });
  });

  it('on a graceful shutdown finishes the step in flight, stops before the next and lets another instance go on at once', async () => {
    targets.simulator('inventory-service').setFaults({ latencyMs: 500 });
    const a = await start({ shutdownGraceMs: 5_000 });
    const { id } = await a
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(8) });
    await waitFor('the reservation to reach the inventory service', () =>
      requests('inventory-service') >= 1 ? true : undefined,
    );
    await a.close();

    const b = await start();
    const paused = (await b.get(CheckpointStore).find(id))!;
    expect(paused).toMatchObject({
      lastCompletedStep: 'reserve-inventory',
      currentStep: 'take-payment',
    });
    expect(paused.leaseToken).toBeUndefined();

    // Released, not left to its lease: recovery takes it at once.
    await recover(b);
    expect((await finished(b, id)).status).toBe(PipelineStatus.COMPLETED);
    expect(requests('inventory-service')).toBe(1);
    expect(targets.simulator('payment-service').view().stats.applied).toBe(1);
  });
});
