import request from 'supertest';
import {
  CheckpointStore,
  PipelineStatus,
  type Checkpoint,
} from '@nest-resilience/workflows';
import {
  startIntegrationApp,
  createTestSchema,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';
import {
  orderFulfilment,
  patientRecord,
  waitForFinished,
} from './integration.fixtures.js';

const PROBLEM_JSON = /application\/problem\+json/;

describe('integration engine over HTTP, on PostgreSQL, against the simulated target systems', () => {
  let schema: TestSchema;
  let targets: TargetSystemsApp;
  let t: IntegrationTestApp;

  const finished = (id: string) => waitForFinished(t.get(CheckpointStore), id);

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

  it('accepts a message with 202 and runs its four steps, checkpointing each', async () => {
    const accepted = await request(t.url)
      .post('/integration/messages')
      .set('X-Request-Id', 'req-patient-1')
      .send({ type: 'patient-record', payload: patientRecord() })
      .expect(202);
    expect(accepted.body).toEqual({
      id: expect.any(String),
      status: PipelineStatus.RECEIVED,
    });

    await finished(accepted.body.id as string);
    const shown = await request(t.url)
      .get(`/integration/messages/${accepted.body.id}`)
      .expect(200);
    expect(shown.body).toMatchObject({
      id: accepted.body.id,
      type: 'patient-record',
      status: PipelineStatus.COMPLETED,
      requestId: 'req-patient-1',
      checkpoint: {
        lastCompletedStep: 'deliver',
        currentStep: null,
        completedSteps: ['validate', 'transform', 'enrich', 'deliver'],
        retryCount: 0,
      },
    });
    expect(shown.body.checkpoint.outputs.enrich.enriched).toBe(true);
    expect(
      shown.body.steps.map(
        (s: { step: string; outcome: string }) => `${s.step}:${s.outcome}`,
      ),
    ).toEqual([
      'validate:COMPLETED',
      'transform:COMPLETED',
      'enrich:COMPLETED',
      'deliver:COMPLETED',
    ]);
    // The target got the idempotency key of this message's step, and applied the bundle once.
    expect(
      targets
        .simulator('fhir-server')
        .appliedFor(`${accepted.body.id}:deliver`),
    ).toBe(1);
  });

  it('answers 400 VALIDATION_FAILED for an unknown type and 404 NOT_FOUND for an unknown id', async () => {
    const unknownType = await request(t.url)
      .post('/integration/messages')
      .send({ type: 'no-such-type', payload: {} })
      .expect(400);
    expect(unknownType.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(unknownType.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      errors: [{ pointer: '/type' }],
    });

    const missingPayload = await request(t.url)
      .post('/integration/messages')
      .send({ type: 'patient-record' })
      .expect(400);
    expect(missingPayload.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/payload' }),
      ]),
    );

    const unknownId = await request(t.url)
      .get('/integration/messages/3f2b1c9e-0000-4000-8000-000000000000')
      .expect(404);
    expect(unknownId.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(unknownId.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('answers a resubmitted messageId with the first message and processes it once', async () => {
    const body = {
      messageId: 'producer-42',
      type: 'order-fulfilment',
      payload: orderFulfilment(42),
    };
    const first = await request(t.url)
      .post('/integration/messages')
      .send(body)
      .expect(202);
    const second = await request(t.url)
      .post('/integration/messages')
      .send(body)
      .expect(202);
    expect(second.body.id).toBe(first.body.id);
    await finished(first.body.id as string);
    expect(targets.simulator('payment-service').view().stats.applied).toBe(1);
  });

  it('dead-letters a message whose payload is invalid, with every problem, and logs the decision', async () => {
    const { body } = await request(t.url)
      .post('/integration/messages')
      .set('X-Request-Id', 'req-invalid-1')
      .send({
        type: 'order-fulfilment',
        payload: { orderId: 'o-1', items: [] },
      })
      .expect(202);
    const done: Checkpoint = await finished(body.id as string);
    expect(done.status).toBe(PipelineStatus.DEAD_LETTERED);
    expect(done.lastError).toMatchObject({
      code: 'VALIDATION_FAILED',
      step: 'validate',
    });
    expect(done.lastError!.message).toContain(
      '/items: required non-empty list',
    );
    expect(done.lastError!.message).toContain('/address/city: required text');
    // Clients see the domain error's detail, never an internal message.
    const shown = await request(t.url)
      .get(`/integration/messages/${body.id}`)
      .expect(200);
    expect(shown.body.checkpoint.lastError).toEqual({
      code: 'VALIDATION_FAILED',
      category: 'PERMANENT',
      step: 'validate',
      detail: expect.stringContaining('/items: required non-empty list'),
    });
    expect(
      t.logger.find(
        `message=${body.id}`,
        'requestId=req-invalid-1',
        'decision=DEAD_LETTER',
        'reason=',
      ),
    ).toHaveLength(1);
  });

  it('falls back when the optional enrichment fails, and delivers the bundle anyway', async () => {
    targets
      .simulator('terminology-server')
      .setFaults({ errorRate: 1, status: 503 });
    const { body } = await request(t.url)
      .post('/integration/messages')
      .send({ type: 'patient-record', payload: patientRecord(2) })
      .expect(202);
    // The terminology server stays down: two message-level retries, then the fallback.
    const done = await finished(body.id as string);
    expect(done.status).toBe(PipelineStatus.COMPLETED);
    expect(done.outputs.enrich).toEqual({ concepts: [], enriched: false });
    const history = (
      await request(t.url).get(`/integration/messages/${body.id}`)
    ).body.steps as { step: string; outcome: string; strategy?: string }[];
    expect(
      history
        .filter((h) => h.step === 'enrich')
        .map((h) => `${h.outcome}:${h.strategy}`),
    ).toEqual(['FAILED:RETRY', 'FAILED:RETRY', 'FALLBACK:FALLBACK']);
  });
});
