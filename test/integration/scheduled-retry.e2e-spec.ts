import {
  CheckpointStore,
  PipelineStatus,
  StepOutcome,
  WorkflowEngine,
  type CheckpointClaim,
} from '@nest-resilience/workflows';
import {
  createTestSchema,
  startIntegrationApp,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import { patientRecord, waitForFinished } from './integration.fixtures.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';

describe('scheduled retries on PostgreSQL, recovery off', () => {
  let schema: TestSchema;
  let targets: TargetSystemsApp;
  let t: IntegrationTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    targets = await startTargetSystems();
    // The test configuration runs no recovery job: only the engine's own timers retry.
    t = await startIntegrationApp(schema, { targets: targets.urls });
  });

  afterAll(async () => {
    await t?.close();
    await targets?.close();
    await schema?.drop();
  });

  afterEach(() => vi.restoreAllMocks());

  it('processes a retry whose timer fired before its due time once it is due', async () => {
    const store = t.get(CheckpointStore);
    const engine = t.get(WorkflowEngine);
    const commits = vi.spyOn(store, 'commit');
    const claims = vi.spyOn(store, 'claim');
    const readClock = engine.newClaim.bind(engine);
    let early: { claim: CheckpointClaim; dueAt: Date } | undefined;
    // The first claim after the retry was scheduled reads the clock a millisecond before the
    // due time stored with the message, as a claim made by a timer that fired early does.
    vi.spyOn(engine, 'newClaim').mockImplementation(() => {
      const claim = readClock();
      const dueAt = commits.mock.calls
        .map(([, , patch]) => patch.nextAttemptAt)
        .find((at) => at instanceof Date);
      if (early !== undefined || dueAt === undefined) return claim;
      // The terminology server is back by the time the retry runs.
      targets.simulator('terminology-server').reset();
      early = {
        claim: { ...claim, now: new Date(dueAt.getTime() - 1) },
        dueAt,
      };
      return early.claim;
    });
    targets
      .simulator('terminology-server')
      .setFaults({ errorRate: 1, status: 503 });

    const { id } = await engine.submit({
      type: 'patient-record',
      payload: patientRecord(5),
    });
    const done = await waitForFinished(store, id);

    expect(done).toMatchObject({
      status: PipelineStatus.COMPLETED,
      completedSteps: ['validate', 'transform', 'enrich', 'deliver'],
      outputs: { enrich: { enriched: true } },
    });
    // The early claim found the retry not yet due and took nothing; a later one ran it.
    expect(early).toBeDefined();
    const earlyCall = claims.mock.calls.findIndex(
      ([, claim]) => claim.token === early!.claim.token,
    );
    expect(earlyCall).toBeGreaterThanOrEqual(0);
    expect(await claims.mock.results[earlyCall].value).toBeUndefined();
    const enrich = (await store.history(id)).filter((h) => h.step === 'enrich');
    expect(enrich.map((h) => h.outcome)).toEqual([
      StepOutcome.FAILED,
      StepOutcome.COMPLETED,
    ]);
    expect(enrich[1].startedAt.getTime()).toBeGreaterThanOrEqual(
      early!.dueAt.getTime(),
    );
  });
});
