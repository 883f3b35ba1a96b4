import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  CheckpointStore,
  WorkflowEngine,
  type StepInput,
} from '@nest-resilience/workflows';
import { PatientRecordPipeline } from '../src/integration/pipelines/patient-record.pipeline.js';
import {
  createTestSchema,
  POSTGRES_URL,
  startIntegrationApp,
} from '../test/integration/integration-test.app.js';
import { patientRecord } from '../test/integration/integration.fixtures.js';
import pg from 'pg';
import { heading, report } from './bench.util.js';
import { compare, header } from './support/abba.js';

/** Messages per side and round, by how many run at a time. */
const MESSAGES: Record<number, number> = { 1: 150, 32: 400 };
const ROUNDS = 5;

/** Runs `work` for `count` items on `concurrency` workers. @returns messages per second */
async function throughput(
  count: number,
  concurrency: number,
  work: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/**
 * Runs a round again when the database dropped its connections (a shared test database's
 * outage drills do): the round's figure would measure the drill, not the engine.
 */
async function again<T>(round: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await round();
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(1_000);
    }
  }
}

/** Accumulated time and calls of the store's methods, wrapped on the instance. */
function instrument(
  store: CheckpointStore,
  methods: ('create' | 'claim' | 'commit')[],
) {
  const totals = Object.fromEntries(
    methods.map((m) => [m, { ms: 0, calls: 0 }]),
  ) as Record<string, { ms: number; calls: number }>;
  for (const method of methods) {
    const original = store[method].bind(store) as (
      ...args: unknown[]
    ) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[method] = async (
      ...args: unknown[]
    ) => {
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        totals[method].ms += performance.now() - started;
        totals[method].calls++;
      }
    };
  }
  return {
    totals,
    reset: () =>
      Object.values(totals).forEach((t) =>
        Object.assign(t, { ms: 0, calls: 0 }),
      ),
  };
}

it('measures messages per second through a four-step pipeline with checkpoints on PostgreSQL', async () => {
  header(
    'Integration engine: a four-step pipeline with a checkpoint per step, against its steps called directly',
    [
      'patient-record: validate, transform, enrich over HTTP, deliver over HTTP (a stub server in this ' +
        'process); checkpoints in PostgreSQL',
      `${MESSAGES[1]} (1 at a time) or ${MESSAGES[32]} (32 at a time) messages per side and round, ${ROUNDS} ABBA rounds after one discarded round; a round ` +
        'cut by a database outage is run again',
    ],
  );
  const stub = await StubHttpServer.start();
  stub.on('POST', '/terminology/lookups').reply({
    status: 200,
    body: { concepts: [{ code: '8867-4', display: 'Heart rate' }] },
  });
  stub
    .on('POST', '/fhir/Bundle')
    .reply({ status: 201, body: { id: 'bundle-1', resourceType: 'Bundle' } });
  const schema = await createTestSchema();
  const t = await startIntegrationApp(schema, {
    targets: {
      'terminology-server': `${stub.url}/terminology`,
      'fhir-server': `${stub.url}/fhir`,
    },
    services: {
      'terminology-server': { bulkhead: { maxConcurrent: 64, maxQueue: 256 } },
      'fhir-server': { bulkhead: { maxConcurrent: 64, maxQueue: 256 } },
    },
  });
  const pipeline = t.get(PatientRecordPipeline);
  const store = t.get(CheckpointStore);
  const engine = t.get(WorkflowEngine);
  const payload = patientRecord();

  // The same four step methods (decorated clients included), called one after the other.
  const direct = async () => {
    const messageId = randomUUID();
    const outputs: Record<string, unknown> = {};
    for (const step of pipeline.steps) {
      const input: StepInput<never> = {
        messageId,
        type: pipeline.type,
        payload: payload as never,
        outputs,
        idempotencyKey: `${messageId}:${step.name}`,
        retryCount: 0,
      };
      outputs[step.name] = await step.run(input);
    }
  };
  // What the engine does for a submitted message: store it, claim it, run it with a checkpoint per step.
  const checkpointed = async () => {
    const id = randomUUID();
    await store.create({ id, type: pipeline.type, payload }, new Date());
    const result = await engine.process(id);
    if (result.kind !== 'finished')
      throw new Error(`message ${id} ended ${result.kind}`);
  };

  for (const concurrency of [1, 32]) {
    await compare({
      name: `patient-record pipeline, ${concurrency} at a time`,
      unit: 'msg/s',
      baseline: {
        label: 'steps called directly, no checkpoints',
        measure: () =>
          again(() => throughput(MESSAGES[concurrency], concurrency, direct)),
      },
      subject: {
        label: 'engine: stored, claimed, checkpoint per step',
        measure: () =>
          again(() =>
            throughput(MESSAGES[concurrency], concurrency, checkpointed),
          ),
      },
      rounds: ROUNDS,
    });
  }

  heading(
    'Where a checkpointed message spends its time (1 at a time, per message)',
  );
  const probe = instrument(store, ['create', 'claim', 'commit']);
  const perMessageMs = await again(async () => {
    probe.reset();
    const started = performance.now();
    for (let i = 0; i < MESSAGES[1]; i++) await checkpointed();
    return (performance.now() - started) / MESSAGES[1];
  });
  const { create, claim, commit } = probe.totals;
  const storeMs = (create.ms + claim.ms + commit.ms) / MESSAGES[1];
  report('whole message', perMessageMs, 'ms');
  report('  create: INSERT of the message', create.ms / MESSAGES[1], 'ms');
  report(
    '  claim: conditional UPDATE ... RETURNING',
    claim.ms / MESSAGES[1],
    'ms',
  );
  report(
    `  ${(commit.calls / MESSAGES[1]).toFixed(0)} checkpoints: one statement, fenced UPDATE + INSERT`,
    commit.ms / MESSAGES[1],
    'ms',
  );
  report('  all storage', storeMs, 'ms', {
    to: 'message',
    value: storeMs / perMessageMs,
  });

  const connect = async (synchronousCommit: 'on' | 'off') => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`SET search_path = ${schema.name}`);
    await client.query(`SET synchronous_commit = ${synchronousCommit}`);
    return client;
  };
  const flushed = await connect('on');
  const unflushed = await connect('off');
  await flushed.query(
    'CREATE TABLE bench_write (id integer PRIMARY KEY, n integer)',
  );
  await flushed.query('INSERT INTO bench_write VALUES (1, 0), (2, 0)');
  const writeUs = (client: pg.Client, id: number) => async () => {
    const started = performance.now();
    for (let i = 0; i < 1_000; i++)
      await client.query('UPDATE bench_write SET n = n + 1 WHERE id = $1', [
        id,
      ]);
    return ((performance.now() - started) / 1_000) * 1_000;
  };
  await compare({
    name: 'One durable write on this PostgreSQL, bare node-postgres, 1 at a time',
    unit: 'us',
    baseline: {
      label: 'UPDATE, committed and flushed (synchronous_commit on)',
      measure: writeUs(flushed, 1),
    },
    subject: {
      label: 'UPDATE, commit not waiting for the WAL flush',
      measure: writeUs(unflushed, 2),
    },
    rounds: ROUNDS,
  });
  await flushed.end();
  await unflushed.end();

  await t.close();
  await stub.close();
  await schema.drop();
});
