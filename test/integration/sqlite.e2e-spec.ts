import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckpointStore,
  PipelineStatus,
  RecoveryScheduler,
  WorkflowEngine,
} from '@nest-resilience/workflows';
import {
  startIntegrationApp,
  type IntegrationTestApp,
} from './integration-test.app.js';
import {
  orderFulfilment,
  patientRecord,
  waitFor,
  waitForFinished,
} from './integration.fixtures.js';
import { leaveStuckMessage } from './stuck-message.fixture.js';
import type { TargetSystem } from '../../src/integration/config/integration.config.js';
import { SimulatorRegistry } from '../../src/simulators/simulator.registry.js';
import { TargetSimulator } from '../../src/simulators/targets/target.simulator.js';

describe('the engine as `npm start` runs it: SQLite and its own built-in simulators', () => {
  const name = `integration_sqlite_${process.pid}`;
  const file = join(tmpdir(), `${name}.sqlite`);
  let t: IntegrationTestApp;

  // No target URL configured: the engine calls the simulators it serves itself, over HTTP.
  const simulator = (system: TargetSystem) =>
    t.get(SimulatorRegistry).get(system, TargetSimulator);

  const finished = (id: string) => waitForFinished(t.get(CheckpointStore), id);

  beforeAll(async () => {
    rmSync(file, { force: true });
    const schema = { name, drop: () => Promise.resolve() };
    t = await startIntegrationApp(schema, { targets: {}, sqlite: true });
  });

  afterAll(async () => {
    await t?.close();
    for (const suffix of ['', '-wal', '-shm'])
      rmSync(`${file}${suffix}`, { force: true });
  });

  it('runs, retries and checkpoints a message', async () => {
    simulator('terminology-server').setFaults({ errorRate: 1 });
    const { id } = await t
      .get(WorkflowEngine)
      .submit({ type: 'patient-record', payload: patientRecord() });
    await waitFor('a scheduled retry', async () => {
      const c = await t.get(CheckpointStore).find(id);
      return c?.status === PipelineStatus.RETRY_SCHEDULED ? c : undefined;
    });
    simulator('terminology-server').setFaults({ errorRate: 0 });
    const done = await finished(id);
    expect(done).toMatchObject({
      status: PipelineStatus.COMPLETED,
      completedSteps: ['validate', 'transform', 'enrich', 'deliver'],
    });
    expect(done.outputs.enrich).toMatchObject({ enriched: true });
    expect(simulator('fhir-server').appliedFor(`${id}:deliver`)).toBe(1);
  });

  it('claims stuck messages once and compensates a permanent failure', async () => {
    const stuck = await leaveStuckMessage(t.get(CheckpointStore), 1);
    const [first, second] = await Promise.all([
      t.get(RecoveryScheduler).run('stuck-messages'),
      t.get(RecoveryScheduler).run('stuck-messages'),
    ]);
    // One run in flight is joined, not repeated: the message is claimed once.
    expect(first).toBe(second);
    expect(first.report.claimed).toBe(1);
    expect((await finished(stuck)).status).toBe(PipelineStatus.COMPLETED);

    simulator('shipping-service').setFaults({ errorRate: 1, status: 422 });
    const { id } = await t
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(2) });
    const compensated = await finished(id);
    expect(compensated).toMatchObject({
      status: PipelineStatus.COMPENSATED,
      compensatedSteps: ['take-payment', 'reserve-inventory'],
    });
  });
});
