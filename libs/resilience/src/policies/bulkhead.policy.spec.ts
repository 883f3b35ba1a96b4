import {
  BulkheadFullError,
  isBulkheadFullError,
} from '../errors/bulkhead-full.error.js';
import { BulkheadPolicy } from './bulkhead.policy.js';
import type { ExecutionContext } from './policy.interface.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const context = (): ExecutionContext => ({ attempt: 1 });

/** Lets queued continuations run. */
const flush = (): Promise<void> =>
  new Promise((resolve) => setImmediate(resolve));

describe('BulkheadPolicy', () => {
  it('runs up to maxConcurrent, queues up to maxQueue, and refuses the rest at once', async () => {
    const bulkhead = new BulkheadPolicy({
      name: 'stock',
      maxConcurrent: 2,
      maxQueue: 1,
    });
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      bulkhead.execute(() => {
        started.push(i);
        return gate.promise;
      }, context()),
    );
    const refused = bulkhead.execute(async () => 'never', context());

    await expect(refused).rejects.toBeInstanceOf(BulkheadFullError);
    await expect(refused).rejects.toMatchObject({
      bulkhead: 'stock',
      maxConcurrent: 2,
      maxQueue: 1,
    });
    expect(isBulkheadFullError(await refused.catch((e: unknown) => e))).toBe(
      true,
    );
    expect(started).toEqual([0, 1]);
    expect(bulkhead.stats).toEqual({ running: 2, queued: 1, rejected: 1 });

    gates[0].resolve('a');
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(bulkhead.stats).toEqual({ running: 2, queued: 0, rejected: 1 });

    gates[1].resolve('b');
    gates[2].resolve('c');
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
    expect(bulkhead.stats).toEqual({ running: 0, queued: 0, rejected: 1 });
  });

  it('starts queued calls in arrival order as slots free', async () => {
    const bulkhead = new BulkheadPolicy({
      name: 'stock',
      maxConcurrent: 1,
      maxQueue: 3,
    });
    const gates = [
      deferred<void>(),
      deferred<void>(),
      deferred<void>(),
      deferred<void>(),
    ];
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      bulkhead.execute(() => {
        started.push(i);
        return gate.promise;
      }, context()),
    );
    for (let i = 0; i < gates.length; i++) {
      expect(started).toEqual([...Array(i + 1).keys()]);
      expect(bulkhead.stats.running).toBe(1);
      gates[i].resolve();
      await flush();
    }
    await Promise.all(results);
    expect(bulkhead.stats).toEqual({ running: 0, queued: 0, rejected: 0 });
  });

  it('frees the slot of a failed call, whether it rejects or throws', async () => {
    const bulkhead = new BulkheadPolicy({
      name: 'stock',
      maxConcurrent: 1,
      maxQueue: 0,
    });
    const boom = new Error('boom');
    await expect(
      bulkhead.execute(() => Promise.reject(boom), context()),
    ).rejects.toBe(boom);
    await expect(
      bulkhead.execute(() => {
        throw boom;
      }, context()),
    ).rejects.toBe(boom);
    await expect(bulkhead.execute(async () => 'ok', context())).resolves.toBe(
      'ok',
    );
    expect(bulkhead.stats).toEqual({ running: 0, queued: 0, rejected: 0 });
  });

  it('refuses at once when full and no queue is configured', async () => {
    const bulkhead = new BulkheadPolicy({
      name: 'stock',
      maxConcurrent: 1,
      maxQueue: 0,
    });
    const gate = deferred<string>();
    const running = bulkhead.execute(() => gate.promise, context());
    await expect(
      bulkhead.execute(async () => 'x', context()),
    ).rejects.toBeInstanceOf(BulkheadFullError);
    gate.resolve('done');
    await expect(running).resolves.toBe('done');
  });

  it('passes everything through when maxConcurrent is 0', async () => {
    const bulkhead = new BulkheadPolicy({
      name: 'stock',
      maxConcurrent: 0,
      maxQueue: 0,
    });
    const gates = Array.from({ length: 50 }, () => deferred<number>());
    const results = gates.map((gate) =>
      bulkhead.execute(() => gate.promise, context()),
    );
    gates.forEach((gate, i) => gate.resolve(i));
    await expect(Promise.all(results)).resolves.toHaveLength(50);
    expect(bulkhead.stats).toEqual({ running: 0, queued: 0, rejected: 0 });
  });

  it('refuses limits that are not non-negative integers', () => {
    expect(
      () => new BulkheadPolicy({ name: 's', maxConcurrent: -1, maxQueue: 0 }),
    ).toThrow(RangeError);
    expect(
      () => new BulkheadPolicy({ name: 's', maxConcurrent: 1, maxQueue: 0.5 }),
    ).toThrow(RangeError);
  });
});
