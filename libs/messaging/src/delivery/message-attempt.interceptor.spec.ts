import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, throwError } from 'rxjs';
import {
  createErrorClassifier,
  CircuitOpenError,
} from '@nest-resilience/resilience';
import type { DeadLetterService } from '@nest-resilience/dead-letters';
import { GroupPositionCache } from '../inbox/group-position.cache.js';
import type {
  FailureProgress,
  InboxFailureStore,
} from '../inbox/inbox-failure.store.js';
import type { InboxStore } from '../inbox/inbox.store.js';
import { ConsumerRedeliveryRegistry } from './consumer-redelivery.registry.js';
import { MessageAttemptInterceptor } from './message-attempt.interceptor.js';
import { MessageDelivery } from './message-delivery.js';
import { MessageDeliveryService } from './message-delivery.service.js';
import { MessageRedeliveryPolicy } from './message-redelivery.policy.js';
import { ResilientConsumer } from './resilient-consumer.decorator.js';

@ResilientConsumer({ redelivery: { maxDeliveries: 3 } })
class Consumer {
  handle(): void {}
}

const reset = () => Object.assign(new Error('reset'), { code: 'ECONNRESET' });

function setup(init: { priorAttempts?: number; redelivered?: boolean } = {}) {
  const written: FailureProgress[] = [];
  const failures = {
    recordProgress: async (_d: MessageDelivery, progress: FailureProgress) =>
      void written.push({
        ...progress,
        records: [...(progress.records ?? [])],
      }),
  } as unknown as InboxFailureStore;
  const classifier = createErrorClassifier();
  const defaults = MessageRedeliveryPolicy.create();
  const deliveries = new MessageDeliveryService(
    {} as InboxStore,
    failures,
    new GroupPositionCache(),
    {} as DeadLetterService,
    classifier,
    defaults,
  );
  const interceptor = new MessageAttemptInterceptor(
    deliveries,
    classifier,
    new ConsumerRedeliveryRegistry(defaults),
  );
  const delivery = new MessageDelivery({
    consumer: 'q',
    transport: 'test',
    source: 'q',
    destination: 'amqp:q',
    headers: {},
    payload: {},
    messageId: 'm-1',
    redelivered: init.redelivered ?? false,
    priorAttempts: init.priorAttempts ?? 0,
  });
  const rpcContext = {};
  delivery.attachTo(rpcContext);
  const context = {
    getType: () => 'rpc',
    getClass: () => Consumer,
    switchToRpc: () => ({ getContext: () => rpcContext }),
  } as unknown as ExecutionContext;
  const run = (handler: CallHandler) =>
    lastValueFrom(interceptor.intercept(context, handler), {
      defaultValue: undefined,
    });
  return { delivery, written, run };
}

describe('MessageAttemptInterceptor', () => {
  it("hands the delivery its consumer's redelivery policy, over the module's", async () => {
    const { run, delivery } = setup();
    await run({ handle: () => of('ok') });
    expect(delivery.redelivery?.options).toMatchObject({
      maxDeliveries: 3,
      initialDelayMs: 1_000,
    });
  });

  it('writes a failure that says "later" to the inbox with its history, and lets it through for the retry', async () => {
    const { run, written, delivery } = setup();
    await expect(
      run({ handle: () => throwError(reset) }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(written).toEqual([
      {
        attempts: 1,
        deliveries: 0,
        error: { name: 'Error', code: 'ECONNRESET', message: 'reset' },
        records: [
          expect.objectContaining({
            delivery: 1,
            attempt: 1,
            code: 'UPSTREAM_UNAVAILABLE',
            sourceCode: 'ECONNRESET',
            message: 'reset',
          }),
        ],
      },
    ]);
    expect(delivery.unsaved).toEqual([]);
    expect(delivery.history).toHaveLength(1);
  });

  it('counts the attempt of a redelivered message durably before it runs', async () => {
    const { run, written } = setup({ priorAttempts: 4, redelivered: true });
    await run({ handle: () => of('ok') });
    expect(written).toEqual([{ attempts: 5, deliveries: 0, records: [] }]);
  });

  it('keeps a permanent failure in the history without writing it: it is dead-lettered at once', async () => {
    const { run, written, delivery } = setup();
    const permanent = new SyntaxError('bad');
    await expect(
      run({ handle: () => throwError(() => permanent) }),
    ).rejects.toBe(permanent);
    expect(written).toEqual([]);
    expect(delivery.history).toEqual([
      expect.objectContaining({ code: 'INTERNAL', type: 'SyntaxError' }),
    ]);
  });

  it('gives the attempt back when an open circuit refused the work', async () => {
    const { run, delivery, written } = setup();
    await expect(
      run({ handle: () => throwError(() => new CircuitOpenError('db', 100)) }),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    expect(delivery.attempt).toBe(0);
    expect(delivery.roundAttempts).toBe(0);
    expect(delivery.history).toEqual([]);
    expect(written).toEqual([]);
  });
});
