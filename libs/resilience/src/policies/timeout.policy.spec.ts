import { TimeoutError, isTimeoutError } from '../errors/timeout.error.js';
import type { ExecutionContext } from './policy.interface.js';
import { TimeoutPolicy } from './timeout.policy.js';

const context = (): ExecutionContext => ({ attempt: 1 });

/** Resolves with `value` after `ms` of (fake) time. */
const after =
  <T>(ms: number, value: T) =>
  (): Promise<T> =>
    new Promise((resolve) => setTimeout(() => resolve(value), ms));

const never = (): Promise<never> => new Promise(() => {});

/** Records the fake time at which `promise` settles, and how. */
function settleTime(promise: Promise<unknown>): {
  at?: number;
  outcome?: unknown;
} {
  const record: { at?: number; outcome?: unknown } = {};
  promise.then(
    (value) => Object.assign(record, { at: Date.now(), outcome: value }),
    (error: unknown) =>
      Object.assign(record, { at: Date.now(), outcome: error }),
  );
  return record;
}

describe('TimeoutPolicy', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('resolves with the result of an attempt that finishes in time', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const result = policy.execute(after(400, 'ok'), context());
    await vi.advanceTimersByTimeAsync(400);
    await expect(result).resolves.toBe('ok');
  });

  it('rejects with TimeoutError exactly when the timeout elapses', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const record = settleTime(policy.execute(never, context()));
    await vi.advanceTimersByTimeAsync(999);
    expect(record.at).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(record.at).toBe(1000);
    expect(record.outcome).toBeInstanceOf(TimeoutError);
    expect(isTimeoutError(record.outcome)).toBe(true);
    expect(record.outcome).toMatchObject({
      operation: 'stock',
      timeoutMs: 1000,
    });
  });

  it('aborts the attempt signal with the TimeoutError when abortable', async () => {
    const policy = new TimeoutPolicy({
      name: 'stock',
      timeoutMs: 1000,
      abortable: true,
    });
    const outer = context();
    let signal: AbortSignal | undefined;
    const result = policy.execute((ctx) => {
      signal = ctx.signal;
      return never();
    }, outer);
    const failure = expect(result).rejects.toBeInstanceOf(TimeoutError);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    await failure;
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(TimeoutError);
    expect(outer.signal).toBeUndefined();
  });

  it('gives no signal unless built abortable', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const seen: ExecutionContext[] = [];
    const ctx = context();
    await policy.execute(async (c) => seen.push(c), ctx);
    expect(seen[0]).toBe(ctx);
    expect(seen[0].signal).toBeUndefined();
  });

  it('times out many concurrent attempts each at its own deadline', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const records = [settleTime(policy.execute(never, context()))];
    await vi.advanceTimersByTimeAsync(100);
    records.push(settleTime(policy.execute(never, context())));
    await vi.advanceTimersByTimeAsync(150);
    records.push(settleTime(policy.execute(never, context())));
    records.push(settleTime(policy.execute(never, context())));
    await vi.advanceTimersByTimeAsync(5000);
    expect(records.map((r) => r.at)).toEqual([1000, 1100, 1250, 1250]);
    expect(records.every((r) => r.outcome instanceof TimeoutError)).toBe(true);
  });

  it('never times out an attempt that already finished, and still times out the others', async () => {
    const policy = new TimeoutPolicy({
      name: 'stock',
      timeoutMs: 1000,
      abortable: true,
    });
    let finishedSignal: AbortSignal | undefined;
    const finished = settleTime(
      policy.execute((ctx) => {
        finishedSignal = ctx.signal;
        return after(500, 'done')();
      }, context()),
    );
    await vi.advanceTimersByTimeAsync(200);
    const hung = settleTime(policy.execute(never, context()));
    await vi.advanceTimersByTimeAsync(5000);
    expect(finished).toEqual({ at: 500, outcome: 'done' });
    expect(finishedSignal?.aborted).toBe(false);
    expect(hung.at).toBe(1200);
    expect(hung.outcome).toBeInstanceOf(TimeoutError);
  });

  it('arms a single timer however many attempts are pending', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const results = Array.from({ length: 100 }, () =>
      policy.execute(never, context()),
    );
    results.forEach((r) => r.catch(() => undefined));
    expect(vi.getTimerCount()).toBe(1);
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(Promise.allSettled(results)).resolves.toHaveLength(100);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reuses its timer across sequential attempts instead of arming one per call', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    for (let i = 0; i < 50; i++) {
      await expect(policy.execute(async () => i, context())).resolves.toBe(i);
    }
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
  });

  it('leaves no timer armed once idle', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    await policy.execute(async () => 'quick', context());
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
    const record = settleTime(policy.execute(never, context()));
    await vi.advanceTimersByTimeAsync(1000);
    expect(record.at).toBe(2000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('times out an attempt started by an abort listener of an expiring one', async () => {
    const policy = new TimeoutPolicy({
      name: 'stock',
      timeoutMs: 1000,
      abortable: true,
    });
    const records: Array<{ at?: number; outcome?: unknown }> = [];
    const first = settleTime(
      policy.execute((ctx) => {
        ctx.signal?.addEventListener('abort', () => {
          records.push(settleTime(policy.execute(never, context())));
        });
        return never();
      }, context()),
    );
    const second = settleTime(policy.execute(never, context()));
    await vi.advanceTimersByTimeAsync(5000);
    expect(first.at).toBe(1000);
    expect(second.at).toBe(1000);
    expect(records.map((r) => r.at)).toEqual([2000]);
  });

  it('passes the attempt error through as is, and turns a synchronous throw into a rejection', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const boom = new Error('boom');
    await expect(
      policy.execute(() => Promise.reject(boom), context()),
    ).rejects.toBe(boom);
    await expect(
      policy.execute(() => {
        throw boom;
      }, context()),
    ).rejects.toBe(boom);
  });

  it('ignores a rejection that arrives after the timeout', async () => {
    const policy = new TimeoutPolicy({ name: 'stock', timeoutMs: 1000 });
    const late = (): Promise<never> =>
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('late')), 1500),
      );
    const failure = expect(
      policy.execute(late, context()),
    ).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(2000);
    await failure;
  });

  it('passes through without a timer when timeoutMs is 0', async () => {
    const policy = new TimeoutPolicy({
      name: 'stock',
      timeoutMs: 0,
      abortable: true,
    });
    const ctx = context();
    const operation = vi.fn(after(60_000, 'slow'));
    const result = policy.execute(operation, ctx);
    expect(operation).toHaveBeenCalledWith(ctx);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(result).resolves.toBe('slow');
  });

  it('refuses a negative or out-of-range timeout', () => {
    expect(() => new TimeoutPolicy({ name: 'stock', timeoutMs: -1 })).toThrow(
      RangeError,
    );
    expect(
      () => new TimeoutPolicy({ name: 'stock', timeoutMs: 2 ** 31 }),
    ).toThrow(RangeError);
    expect(
      () => new TimeoutPolicy({ name: 'stock', timeoutMs: Number.NaN }),
    ).toThrow(RangeError);
  });
});
