import request from 'supertest';
import {
  CheckpointStore,
  PipelineStatus,
  RecoveryScheduler,
} from '@nest-resilience/workflows';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  createTestSchema,
  startIntegrationApp,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import {
  patientRecord,
  waitFor,
  waitForFinished,
} from './integration.fixtures.js';
import {
  startTargetSystems,
  type TargetSystemsApp,
} from './target-systems.app.js';

describe('failure handling: immediate alerts and escalation', () => {
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

  it('alerts at once when a target refuses our credentials, and dead-letters the message for an operator', async () => {
    targets.simulator('fhir-server').setFaults({ errorRate: 1, status: 401 });
    const { body } = await request(t.url)
      .post('/integration/messages')
      .send({ type: 'patient-record', payload: patientRecord(3) })
      .expect(202);
    const done = await finished(body.id as string);
    expect(done).toMatchObject({
      status: PipelineStatus.DEAD_LETTERED,
      currentStep: 'deliver',
      lastError: { category: 'SECURITY' },
    });
    expect(
      t.logger.find(
        '[HIGH] integration:patient-record:deliver:UPSTREAM_ERROR',
        `${body.id}`,
      ),
    ).toHaveLength(1);
    expect(
      t.logger.find(
        `message=${body.id}`,
        'decision=DEAD_LETTER',
        'SECURITY error alerted',
      ),
    ).toHaveLength(1);
  });

  it('escalates when the handling itself fails, and recovery finishes the handling later', async () => {
    const deadLetters = t.get(DeadLetterService);
    const spy = vi
      .spyOn(deadLetters, 'deadLetter')
      .mockRejectedValueOnce(new Error('dead letter store unavailable'));
    const { body } = await request(t.url)
      .post('/integration/messages')
      .send({ type: 'order-fulfilment', payload: { orderId: 'o-9' } })
      .expect(202);
    await waitFor('the escalation', () =>
      t.logger.find(`message=${body.id}`, 'decision=ESCALATE').length > 0
        ? true
        : undefined,
    );
    expect(
      t.logger.find(
        '[CRITICAL] integration-escalation:order-fulfilment:DEAD_LETTER',
      ),
    ).toHaveLength(1);
    // Still held: nothing was decided for good. Once its lease has run out, recovery takes it.
    expect((await t.get(CheckpointStore).find(body.id as string))!.status).toBe(
      PipelineStatus.RECEIVED,
    );
    await t.dataSource.query(
      `UPDATE ${schema.name}.integration_messages SET lease_until = now() - interval '1 second' WHERE id = $1`,
      [body.id],
    );
    expect(
      (await t.get(RecoveryScheduler).run('stuck-messages')).report.claimed,
    ).toBe(1);
    expect((await finished(body.id as string)).status).toBe(
      PipelineStatus.DEAD_LETTERED,
    );
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });
});
