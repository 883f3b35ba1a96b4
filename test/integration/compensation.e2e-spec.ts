import request from 'supertest';
import type { StubHttpServer } from '@nest-resilience/resilience/testing';
import {
  CheckpointStore,
  PipelineStatus,
  WorkflowEngine,
} from '@nest-resilience/workflows';
import {
  DeadLetterService,
  DeadLetterStatus,
} from '@nest-resilience/dead-letters';
import {
  admin,
  createTestSchema,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import { orderFulfilment } from './integration.fixtures.js';
import { startSagaFixture, type SagaFixture } from './saga-stub.fixture.js';

describe('compensation of the order-fulfilment saga, against stub target systems', () => {
  let schema: TestSchema;
  let saga: SagaFixture;
  let stub: StubHttpServer;
  let t: IntegrationTestApp;

  beforeAll(async () => {
    schema = await createTestSchema();
    saga = await startSagaFixture(schema);
    ({ stub, t } = saga);
  });

  afterAll(async () => {
    await saga?.close();
    await schema?.drop();
  });

  beforeEach(() => {
    stub.reset();
    saga.script();
  });

  it('undoes payment, then inventory, when shipping refuses the order for good', async () => {
    stub
      .on('POST', '/shipping/shipments')
      .reply({ status: 422, body: { code: 'ADDRESS_REJECTED' } });
    const { id } = await t
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(1) });
    const done = await saga.finished(id);

    expect(done.status).toBe(PipelineStatus.COMPENSATED);
    expect(done.compensatedSteps).toEqual([
      'take-payment',
      'reserve-inventory',
    ]);
    expect(saga.sent()).toEqual([
      'POST /inventory/reservations',
      'POST /payment/payments',
      'POST /shipping/shipments',
      'DELETE /payment/payments/pay-1',
      'DELETE /inventory/reservations/res-1',
    ]);
    expect(
      stub.requests('DELETE', '/payment/payments/pay-1')[0].headers[
        'idempotency-key'
      ],
    ).toBe(`${id}:take-payment:compensate`);
    expect(await saga.history(id)).toEqual([
      'RUN validate COMPLETED',
      'RUN reserve-inventory COMPLETED',
      'RUN take-payment COMPLETED',
      'RUN schedule-shipping FAILED COMPENSATE',
      'COMPENSATE take-payment COMPLETED',
      'COMPENSATE reserve-inventory COMPLETED',
    ]);
  });

  it('dead-letters an undo that keeps failing, with what an operator needs, goes on with the others, and replays it', async () => {
    stub
      .on('POST', '/shipping/shipments')
      .reply({ status: 422, body: { code: 'ADDRESS_REJECTED' } });
    stub
      .on('DELETE', '/payment/payments/pay-1')
      .reply({ status: 500, body: { code: 'LEDGER_DOWN' } });
    const { id } = await t
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(2) });
    const done = await saga.finished(id);

    expect(done.status).toBe(PipelineStatus.COMPENSATION_FAILED);
    expect(done.compensatedSteps).toEqual(['reserve-inventory']);
    // The refund was retried by its @Retry (2 attempts), twice (one message-level retry).
    expect(stub.count('DELETE', '/payment/payments/pay-1')).toBe(4);
    expect(stub.count('DELETE', '/inventory/reservations/res-1')).toBe(1);

    const { items } = await t
      .get(DeadLetterService)
      .list({ destination: `integration:compensation/${id}/take-payment` });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      source: 'integration:order-fulfilment',
      pattern: 'order-fulfilment.compensate',
      messageId: id,
      status: DeadLetterStatus.PENDING,
      error: { code: 'UPSTREAM_ERROR' },
      payload: {
        action: 'compensate',
        step: 'take-payment',
        system: 'payment-service',
        stepOutput: { id: 'pay-1' },
        idempotencyKey: `${id}:take-payment:compensate`,
        compensatingBecause: {
          code: 'UPSTREAM_ERROR',
          step: 'schedule-shipping',
        },
        compensatedSteps: ['reserve-inventory'],
      },
    });
    expect(
      t.logger.find('integration-compensation:order-fulfilment:take-payment'),
    ).not.toHaveLength(0);

    // The ledger is back: the operator replays the undo, which runs alone.
    stub
      .on('DELETE', '/payment/payments/pay-1')
      .reply({ status: 200, body: { cancelled: true } });
    const replayed = await request(t.url)
      .post(`/admin/dlq/messages/${items[0].id}/replay`)
      .set(admin)
      .expect(200);
    expect(replayed.body.outcome).toBe('DELIVERED');
    const after = (await t.get(CheckpointStore).find(id))!;
    expect(after.status).toBe(PipelineStatus.COMPENSATED);
    expect(after.compensatedSteps).toEqual([
      'reserve-inventory',
      'take-payment',
    ]);
    expect(stub.count('DELETE', '/inventory/reservations/res-1')).toBe(1);
  });

  it('retries an undo that failed with a passing error before giving it up', async () => {
    stub.on('POST', '/shipping/shipments').reply({ status: 422, body: {} });
    stub
      .on('DELETE', '/payment/payments/pay-1')
      .replyOnce({ status: 503 })
      .replyOnce({ status: 503 })
      .reply({ status: 200, body: { cancelled: true } });
    const { id } = await t
      .get(WorkflowEngine)
      .submit({ type: 'order-fulfilment', payload: orderFulfilment(4) });
    const done = await saga.finished(id);

    expect(done.status).toBe(PipelineStatus.COMPENSATED);
    expect(stub.count('DELETE', '/payment/payments/pay-1')).toBe(3);
    expect(
      (await saga.history(id)).filter((line: string) =>
        line.startsWith('COMPENSATE'),
      ),
    ).toEqual([
      'COMPENSATE reserve-inventory COMPLETED',
      'COMPENSATE take-payment FAILED RETRY',
      'COMPENSATE take-payment COMPLETED',
    ]);
    const { items } = await t
      .get(DeadLetterService)
      .list({ destination: `integration:compensation/${id}/take-payment` });
    expect(items).toHaveLength(0);
  });
});
