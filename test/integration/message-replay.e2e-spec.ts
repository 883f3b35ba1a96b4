import request from 'supertest';
import type { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  CheckpointStore,
  PipelineStatus,
  WorkflowEngine,
} from '@nest-resilience/workflows';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  admin,
  createTestSchema,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import { orderFulfilment } from './integration.fixtures.js';
import { startSagaFixture, type SagaFixture } from './saga-stub.fixture.js';

describe('replay of a dead-lettered message through the dead letter queue', () => {
  let schema: TestSchema;
  let saga: SagaFixture;
  let stub: StubHttpServer;
  let t: IntegrationTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    saga = await startSagaFixture(schema);
    ({ stub, t } = saga);
    saga.script();
  });

  afterAll(async () => {
    await saga?.close();
    await schema?.drop();
  });

  it('replays a dead-lettered message from its checkpoint, not from the start', async () => {
    stub
      .on('POST', '/shipping/shipments')
      .reply({ status: 503, body: { code: 'MAINTENANCE' } });
    const { id } = await t
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(3) });
    const done = await saga.finished(id);
    expect(done).toMatchObject({
      status: PipelineStatus.DEAD_LETTERED,
      lastCompletedStep: 'take-payment',
      currentStep: 'schedule-shipping',
    });
    const { items } = await t
      .get(DeadLetterService)
      .list({ destination: `integration:message/${id}` });
    expect(items).toHaveLength(1);

    // Still down: the replay fails, the entry stays, and no second dead letter is made.
    const failed = await request(t.url)
      .post(`/admin/dlq/messages/${items[0].id}/replay`)
      .set(admin)
      .expect(200);
    expect(failed.body.outcome).toBe('FAILED');
    expect((await t.get(CheckpointStore).find(id))!.status).toBe(
      PipelineStatus.DEAD_LETTERED,
    );
    expect(
      (
        await t.get(DeadLetterService).list({
          source: 'integration:order-fulfilment',
          destination: `integration:message/${id}`,
        })
      ).items,
    ).toHaveLength(1);

    stub
      .on('POST', '/shipping/shipments')
      .reply({ status: 201, body: { id: 'ship-1', trackingNumber: 'TRK-1' } });
    const delivered = await request(t.url)
      .post(`/admin/dlq/messages/${items[0].id}/replay`)
      .set(admin)
      .expect(200);
    expect(delivered.body.outcome).toBe('DELIVERED');

    const resumed = (await t.get(CheckpointStore).find(id))!;
    expect(resumed.status).toBe(PipelineStatus.COMPLETED);
    expect(stub.count('POST', '/inventory/reservations')).toBe(1);
    expect(stub.count('POST', '/payment/payments')).toBe(1);
    expect(
      (await saga.history(id)).filter((line: string) =>
        line.startsWith('RUN schedule-shipping'),
      ),
    ).toEqual([
      'RUN schedule-shipping FAILED RETRY',
      'RUN schedule-shipping FAILED DEAD_LETTER',
      'RUN schedule-shipping FAILED REPLAY_FAILED',
      'RUN schedule-shipping COMPLETED',
    ]);
  });
});
