import { performance } from 'node:perf_hooks';
import { BulkheadRegistry } from '@nest-resilience/resilience';
import { WorkflowEngine } from '@nest-resilience/workflows';
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
} from './integration.fixtures.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';

const ORDERS = 150;
const RUNS = 3;

describe('bulkheads per target system: one target hanging', () => {
  let schema: TestSchema;
  let targets: TargetSystemsApp;
  let t: IntegrationTestApp;
  let sequence = 0;

  /** Orders per second through the saga (inventory, payment, shipping), submit to completion. */
  const orderThroughput = async (): Promise<number> => {
    const engine = t.get(WorkflowEngine);
    const started = performance.now();
    const receipts = await Promise.all(
      Array.from({ length: ORDERS }, () =>
        engine.submit({
          type: 'order-fulfilment',
          payload: orderFulfilment(++sequence),
        }),
      ),
    );
    await waitFor(
      `${ORDERS} orders to complete`,
      async () => {
        const [{ done }] = await t.dataSource.query<{ done: string }[]>(
          `SELECT COUNT(*) AS done FROM ${schema.name}.integration_messages
            WHERE status = 'COMPLETED' AND id = ANY($1::varchar[])`,
          [receipts.map((r) => r.id)],
        );
        return Number(done) === ORDERS ? true : undefined;
      },
      30_000,
    );
    return ORDERS / ((performance.now() - started) / 1000);
  };
  const median = async (measure: () => Promise<number>) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await measure());
    return samples.sort((x, y) => x - y)[Math.floor(RUNS / 2)];
  };

  beforeAll(async () => {
    schema = await createTestSchema();
    targets = await startTargetSystems();
    t = await startIntegrationApp(schema, { targets: targets.urls });
  });

  afterAll(async () => {
    await t?.close();
    await targets?.close();
    await schema?.drop();
  });

  it("keeps the other targets' throughput within 20 % of normal while the FHIR server hangs", async () => {
    const engine = t.get(WorkflowEngine);
    const bulkheads = t.get(BulkheadRegistry);
    const fhir = { running: 0, queued: 0 };
    let patients = 0;
    const submitting = new Set<Promise<unknown>>();
    const feederErrors: unknown[] = [];
    // Patient records arrive all along, at the same rate in both phases, each for the FHIR server.
    const feeder = setInterval(() => {
      for (let i = 0; i < 5; i++) {
        // Kept until stored, so the app is not closed under a submission still writing.
        const submission = engine
          .submit({
            type: 'patient-record',
            payload: patientRecord(++patients),
          })
          .catch((error: unknown) => void feederErrors.push(error))
          .finally(() => submitting.delete(submission));
        submitting.add(submission);
      }
      const now = bulkheads.stats()['fhir-server'];
      if (now) {
        fhir.running = Math.max(fhir.running, now.running);
        fhir.queued = Math.max(fhir.queued, now.queued);
      }
    }, 100);
    try {
      for (let i = 0; i < RUNS; i++) await orderThroughput(); // warm-up: connections, JIT
      const normal = await median(orderThroughput);

      targets.simulator('fhir-server').setFaults({ latencyMs: 60_000 });
      const hangingSince = targets.simulator('fhir-server').view()
        .stats.requests;
      await waitFor('the FHIR server to hang', () =>
        targets.simulator('fhir-server').view().stats.requests >=
        hangingSince + 4
          ? true
          : undefined,
      );
      fhir.running = 0;
      fhir.queued = 0;
      const whileHanging = await median(orderThroughput);

      const figures = `orders/s: normal ${normal.toFixed(0)}, FHIR hanging ${whileHanging.toFixed(0)}`;
      expect(whileHanging / normal, figures).toBeGreaterThanOrEqual(0.8);
    } finally {
      clearInterval(feeder);
      await Promise.allSettled(submitting);
    }
    // A hanging target slows its own messages, never the storing of new ones.
    expect(feederErrors).toEqual([]);
    // The hanging target never had more than its share: 4 calls running, 4 waiting.
    expect(fhir.running).toBeLessThanOrEqual(4);
    expect(fhir.queued).toBeLessThanOrEqual(4);
    expect(bulkheads.stats()['fhir-server'].rejected).toBeGreaterThan(0);
    // Nine rounds of 150 orders (three of them warm-up) can outlast the default 30 s on a busy machine.
  }, 180_000);
});
