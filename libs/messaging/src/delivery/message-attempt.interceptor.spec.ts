import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of, throwError } from 'rxjs';
import {
  createErrorClassifier,
  loadResilienceSettings,
  Retry,
  CircuitOpenError,
} from '@nest-resilience/resilience';
import { isMessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { MessageAttemptInterceptor } from './message-attempt.interceptor.js';
import { MessageDelivery } from './message-delivery.js';
import type { MessageDeliveryService } from './message-delivery.service.js';

class Consumer {
  @Retry('svc', { maxAttempts: 3 })
  handle(): void {}

  plain(): void {}
}

const settingsFile = join(tmpdir(), `attempt-interceptor-${process.pid}.json`);
writeFileSync(
  settingsFile,
  JSON.stringify({ services: { svc: { retry: { maxAttempts: 5 } } } }),
);
const settings = loadResilienceSettings({ file: settingsFile });

const reset = () => Object.assign(new Error('reset'), { code: 'ECONNRESET' });

function setup(
  init: { priorAttempts?: number; redelivered?: boolean } = {},
  method: keyof Consumer = 'handle',
) {
  const recorded: string[] = [];
  const deliveries = {
    recordAttemptStart: async (_d: MessageDelivery, attempt: number) =>
      void recorded.push(`start ${attempt}`),
    recordAttemptFailure: async (_d: MessageDelivery, attempt: number) =>
      void recorded.push(`failed ${attempt}`),
    recordedError: () => undefined,
  } as unknown as MessageDeliveryService;
  const interceptor = new MessageAttemptInterceptor(
    settings,
    deliveries,
    createErrorClassifier(),
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
    getHandler: () => Consumer.prototype[method],
    getClass: () => Consumer,
    switchToRpc: () => ({ getContext: () => rpcContext }),
  } as unknown as ExecutionContext;
  const run = (handler: CallHandler) =>
    lastValueFrom(interceptor.intercept(context, handler), {
      defaultValue: undefined,
    });
  return { delivery, recorded, run };
}

describe('MessageAttemptInterceptor', () => {
  it('lets a transient failure through for the retry while attempts remain, and records it', async () => {
    const { run, recorded, delivery } = setup();
    await expect(
      run({ handle: () => throwError(reset) }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(recorded).toEqual(['failed 1']);
    // The decorator's maxAttempts overrides the service's 5.
    expect(delivery.maxAttempts).toBe(3);
  });

  it('turns the failure of the last attempt, counted across deliveries, into attempts exhausted', async () => {
    const { run, recorded } = setup({ priorAttempts: 2, redelivered: true });
    const error = await run({ handle: () => throwError(reset) }).catch(
      (e: unknown) => e,
    );
    expect(isMessageAttemptsExhaustedError(error)).toBe(true);
    expect((error as Error).cause).toMatchObject({ code: 'ECONNRESET' });
    expect(recorded).toEqual(['start 3', 'failed 3']);
  });

  it('stops before calling the handler when earlier deliveries spent every attempt', async () => {
    const { run } = setup({ priorAttempts: 3, redelivered: true });
    const handle = vi.fn(() => of('never'));
    const error = await run({ handle }).catch((e: unknown) => e);
    expect(isMessageAttemptsExhaustedError(error)).toBe(true);
    expect(handle).not.toHaveBeenCalled();
  });

  it('passes a permanent failure through untouched and unrecorded', async () => {
    const { run, recorded } = setup();
    const permanent = new SyntaxError('bad');
    await expect(
      run({ handle: () => throwError(() => permanent) }),
    ).rejects.toBe(permanent);
    expect(recorded).toEqual([]);
  });

  it('gives the attempt back when an open circuit refused the work', async () => {
    const { run, delivery } = setup();
    await expect(
      run({ handle: () => throwError(() => new CircuitOpenError('db', 100)) }),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    expect(delivery.attempt).toBe(0);
  });

  it('gives a handler without @Retry a budget of one attempt', async () => {
    const { run, delivery } = setup({}, 'plain');
    const error = await run({ handle: () => throwError(reset) }).catch(
      (e: unknown) => e,
    );
    expect(isMessageAttemptsExhaustedError(error)).toBe(true);
    expect(delivery.maxAttempts).toBe(1);
  });
});
