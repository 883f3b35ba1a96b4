import {
  BulkheadFullError,
  isBulkheadFullError,
} from '../errors/bulkhead-full.error.js';
import {
  CircuitOpenError,
  isCircuitOpenError,
} from '../errors/circuit-open.error.js';
import { RetriesExhaustedError } from '../errors/retries-exhausted.error.js';
import { TimeoutError, isTimeoutError } from '../errors/timeout.error.js';
import { BulkheadPolicy } from './bulkhead.policy.js';
import { isDegraded } from './degradation.marker.js';
import { FallbackPolicy } from './fallback.policy.js';
import type { ExecutionContext, ResiliencePolicy } from './policy.interface.js';
import { PolicyPipeline, composePolicies } from './policy.pipeline.js';
import { RetryPolicy } from './retry.policy.js';
import { TimeoutPolicy } from './timeout.policy.js';

class UpstreamDownError extends Error {}

const retryable = (error: unknown): boolean =>
  error instanceof UpstreamDownError || isTimeoutError(error);

const retry = (maxAttempts = 3): RetryPolicy =>
  new RetryPolicy({
    name: 'payments',
    maxAttempts,
    backoff: 'fixed',
    baseDelayMs: 100,
    maxDelayMs: 1000,
    jitter: 'none',
    respectRetryAfter: false,
    classify: (error) => ({ retryable: retryable(error) }),
  });

/** A layer that notes when it is entered, then hands on. */
const recording = (name: string, log: string[]): ResiliencePolicy => ({
  execute: (operation, context) => {
    log.push(name);
    return operation(context);
  },
});

const context = (args: unknown[] = []): ExecutionContext => ({
  attempt: 0,
  args,
});

describe('PolicyPipeline', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('nests the layers in the fixed order whatever order they are given in', async () => {
    const log: string[] = [];
    const pipeline = new PolicyPipeline({
      timeout: recording('timeout', log),
      circuitBreaker: recording('circuitBreaker', log),
      fallback: recording('fallback', log),
      bulkhead: recording('bulkhead', log),
      retry: recording('retry', log),
    });
    await pipeline.execute(async () => log.push('call'), context());
    expect(log).toEqual([
      'fallback',
      'retry',
      'circuitBreaker',
      'bulkhead',
      'timeout',
      'call',
    ]);
  });

  it('skips the layers it is not given', async () => {
    const log: string[] = [];
    const pipeline = composePolicies({
      timeout: recording('timeout', log),
      retry: recording('retry', log),
    });
    expect(pipeline).toBeInstanceOf(PolicyPipeline);
    await pipeline.execute(async () => log.push('call'), context());
    expect(log).toEqual(['retry', 'timeout', 'call']);
  });

  it('hands every call its own operation and arguments, even when they overlap', async () => {
    const pipeline = new PolicyPipeline({
      retry: retry(),
      timeout: new TimeoutPolicy({
        name: 'payments',
        timeoutMs: 1000,
        abortable: true,
      }),
    });
    const slow = pipeline.execute(
      (ctx) =>
        new Promise((resolve) =>
          setTimeout(() => resolve(['slow', ctx.args]), 50),
        ),
      context([1]),
    );
    const fast = pipeline.execute(
      async (ctx) => ['fast', ctx.args],
      context([2]),
    );
    await vi.advanceTimersByTimeAsync(50);
    await expect(slow).resolves.toEqual(['slow', [1]]);
    await expect(fast).resolves.toEqual(['fast', [2]]);
  });

  it('runs the operation directly without layers, turning a throw into a rejection', async () => {
    const pipeline = new PolicyPipeline({});
    const boom = new Error('boom');
    await expect(pipeline.execute(async () => 'bare', context())).resolves.toBe(
      'bare',
    );
    await expect(
      pipeline.execute(() => {
        throw boom;
      }, context()),
    ).rejects.toBe(boom);
  });

  it('stops retrying at once when the breaker refuses with an open circuit', async () => {
    const open = new CircuitOpenError('payments', 30_000);
    const breaker = { execute: vi.fn(() => Promise.reject(open)) };
    const operation = vi.fn(async () => 'unreached');
    const pipeline = new PolicyPipeline({
      circuitBreaker: breaker,
      retry: retry(),
    });
    await expect(pipeline.execute(operation, context())).rejects.toBe(open);
    expect(isCircuitOpenError(open)).toBe(true);
    expect(breaker.execute).toHaveBeenCalledOnce();
    expect(operation).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops retrying at once when the bulkhead is full', async () => {
    const bulkhead = new BulkheadPolicy({
      name: 'payments',
      maxConcurrent: 1,
      maxQueue: 0,
    });
    const pipeline = new PolicyPipeline({ bulkhead, retry: retry() });
    const occupying = pipeline.execute(
      () => new Promise((resolve) => setTimeout(() => resolve('held'), 500)),
      context(),
    );
    const refused = pipeline.execute(async () => 'unreached', context());
    await expect(refused).rejects.toSatisfy(isBulkheadFullError);
    await expect(refused).rejects.toBeInstanceOf(BulkheadFullError);
    expect(bulkhead.stats.rejected).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    await expect(occupying).resolves.toBe('held');
  });

  it('falls back exactly once, after every retry failed', async () => {
    const log: string[] = [];
    const fallback = new FallbackPolicy({
      name: 'payments',
      classify: () => ({ recoverable: true }),
      sources: [
        {
          kind: 'function',
          run: () => (log.push('fallback'), { cached: true }),
        },
      ],
    });
    const pipeline = new PolicyPipeline({ retry: retry(3), fallback });
    const result = pipeline.execute(async (ctx) => {
      log.push(`attempt ${ctx.attempt}`);
      throw new UpstreamDownError();
    }, context());
    await vi.advanceTimersByTimeAsync(200);
    const served = await result;
    expect(log).toEqual(['attempt 1', 'attempt 2', 'attempt 3', 'fallback']);
    expect(served).toEqual({ cached: true });
    expect(isDegraded(served)).toBe(true);
  });

  it('serves the fallback when the breaker is open, without retrying', async () => {
    const open = new CircuitOpenError('payments', 30_000);
    const run = vi.fn(() => 'from fallback');
    const pipeline = new PolicyPipeline({
      circuitBreaker: { execute: () => Promise.reject(open) },
      retry: retry(),
      fallback: new FallbackPolicy({
        name: 'payments',
        classify: () => ({ recoverable: true }),
        sources: [{ kind: 'function', run }],
      }),
    });
    await expect(
      pipeline.execute(async () => 'unreached', context()),
    ).resolves.toBe('from fallback');
    expect(run).toHaveBeenCalledExactlyOnceWith(open, []);
  });

  it('bounds each attempt with its own timeout and signal', async () => {
    const signals: AbortSignal[] = [];
    const startedAt: number[] = [];
    const pipeline = new PolicyPipeline({
      timeout: new TimeoutPolicy({
        name: 'payments',
        timeoutMs: 1000,
        abortable: true,
      }),
      retry: retry(3),
    });
    const result = pipeline.execute((ctx) => {
      startedAt.push(Date.now());
      signals.push(ctx.signal as AbortSignal);
      return new Promise(() => {});
    }, context());
    let settledAt: number | undefined;
    const failure = expect(
      result.finally(() => (settledAt = Date.now())),
    ).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof RetriesExhaustedError &&
        error.attempts === 3 &&
        error.cause instanceof TimeoutError,
    );
    await vi.advanceTimersByTimeAsync(5000);
    await failure;
    expect(startedAt).toEqual([0, 1100, 2200]);
    expect(settledAt).toBe(3200);
    expect(new Set(signals).size).toBe(3);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });

  it("binds a fixed operation, handing it each call's own context", async () => {
    const seen: ExecutionContext[] = [];
    const run = new PolicyPipeline({ retry: retry() }).bind(async (ctx) => {
      seen.push(ctx);
      return ctx.args?.[0];
    });
    const first = context(['a']);
    const second = context(['b']);
    await expect(run(first)).resolves.toBe('a');
    await expect(run(second)).resolves.toBe('b');
    expect(seen).toEqual([first, second]);
    expect(first.attempt).toBe(1);
  });

  it('turns a bound operation that throws into a rejection, retried like one', async () => {
    let calls = 0;
    const run = new PolicyPipeline({ retry: retry(2) }).bind(() => {
      calls++;
      throw new UpstreamDownError();
    });
    const failure = expect(run(context())).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof RetriesExhaustedError && error.attempts === 2,
    );
    await vi.advanceTimersByTimeAsync(100);
    await failure;
    expect(calls).toBe(2);
  });

  it("rejects with the retries' outcome when the fallback may not stand in for it", async () => {
    const run = vi.fn(() => 'unreached');
    const pipeline = new PolicyPipeline({
      retry: retry(2),
      fallback: new FallbackPolicy({
        name: 'payments',
        classify: () => ({ recoverable: false }),
        sources: [{ kind: 'function', run }],
      }),
    });
    const failure = expect(
      pipeline.execute(async () => {
        throw new UpstreamDownError();
      }, context()),
    ).rejects.toBeInstanceOf(RetriesExhaustedError);
    await vi.advanceTimersByTimeAsync(100);
    await failure;
    expect(run).not.toHaveBeenCalled();
  });

  it('keeps last-good results under a retry, and serves one once the retries fail', async () => {
    const pipeline = new PolicyPipeline({
      retry: retry(2),
      fallback: new FallbackPolicy({
        name: 'payments',
        classify: () => ({ recoverable: true }),
        sources: [{ kind: 'last-good' }],
      }),
    });
    let up = true;
    const operation = async (ctx: ExecutionContext) => {
      if (!up) throw new UpstreamDownError();
      return { for: ctx.args?.[0] };
    };
    await expect(
      pipeline.execute(operation, context(['sku-1'])),
    ).resolves.toEqual({
      for: 'sku-1',
    });
    up = false;
    const served = pipeline.execute(operation, context(['sku-1']));
    await vi.advanceTimersByTimeAsync(100);
    const result = await served;
    expect(result).toEqual({ for: 'sku-1' });
    expect(isDegraded(result)).toBe(true);
  });
});
