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
});
