import { Logger } from '@nestjs/common';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { CircuitOpenError } from '../errors/circuit-open.error.js';
import type { ExecutionContext } from '../policies/policy.interface.js';
import { CircuitState } from './circuit-state.enum.js';
import { CircuitBreakerPolicy } from './circuit-breaker.policy.js';

const context: ExecutionContext = { attempt: 1 };
const RESET_MS = 30_000;
const TIMEOUT_MS = 2_000;

/** A call the test settles by hand. */
function deferred(): {
  operation: () => Promise<string>;
  resolve: () => void;
  reject: (error: Error) => void;
} {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<string>((res, rej) => {
    resolve = () => res('probe ok');
    reject = rej;
  });
  return { operation: () => promise, resolve, reject };
}

describe('CircuitBreakerPolicy half open', () => {
  let breaker: CircuitBreakerPolicy;

  function create(
    overrides: Partial<CircuitBreakerSettings> = {},
    isFailure: (error: unknown) => boolean = () => true,
  ): void {
    breaker = new CircuitBreakerPolicy({
      name: 'inventory',
      settings: {
        timeoutMs: TIMEOUT_MS,
        errorThresholdPercentage: 50,
        volumeThreshold: 1,
        resetTimeoutMs: RESET_MS,
        rollingCountTimeoutMs: 10_000,
        rollingCountBuckets: 10,
        halfOpenSuccessThreshold: 1,
        failureThreshold: 0,
        slowCallDurationMs: 0,
        slowCallRateThreshold: 100,
        capacity: 0,
        critical: false,
        ...overrides,
      },
      isFailure,
    });
  }

  const refusal = (): Promise<unknown> =>
    breaker
      .execute(async () => 'never', context)
      .catch((error: unknown) => error);

  async function tripAndWait(): Promise<void> {
    await breaker
      .execute(() => Promise.reject(new Error('down')), context)
      .catch(() => undefined);
    expect(breaker.currentState).toBe(CircuitState.OPEN);
    await vi.advanceTimersByTimeAsync(RESET_MS);
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    breaker.shutdown();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('stays open until resetTimeoutMs has elapsed, telling callers how long is left', async () => {
    create();
    await breaker
      .execute(() => Promise.reject(new Error('down')), context)
      .catch(() => undefined);
    const openedAt = Date.now();

    await vi.advanceTimersByTimeAsync(RESET_MS - 1);

    expect(breaker.currentState).toBe(CircuitState.OPEN);
    expect(await refusal()).toMatchObject({ retryAfterMs: 1 });
    expect(breaker.stats()).toMatchObject({
      openedAt,
      nextProbeAt: openedAt + RESET_MS,
    });

    await vi.advanceTimersByTimeAsync(1);

    expect(breaker.currentState).toBe(CircuitState.HALF_OPEN);
  });

  it('lets exactly one probe through and refuses concurrent calls with CircuitOpenError', async () => {
    create();
    await tripAndWait();
    const probe = deferred();
    const probeCall = breaker.execute(probe.operation, context);
    await vi.advanceTimersByTimeAsync(500);
    const concurrent = vi.fn(async () => 'concurrent');

    const refused = await breaker
      .execute(concurrent, context)
      .catch((error: unknown) => error);

    expect(concurrent).not.toHaveBeenCalled();
    expect(refused).toBeInstanceOf(CircuitOpenError);
    expect(refused).toMatchObject({
      breaker: 'inventory',
      retryAfterMs: TIMEOUT_MS - 500,
    });

    probe.resolve();

    await expect(probeCall).resolves.toBe('probe ok');
    expect(breaker.currentState).toBe(CircuitState.CLOSED);
    await expect(breaker.execute(concurrent, context)).resolves.toBe(
      'concurrent',
    );
  });

  it('reopens on a failed probe, with a fresh reset timeout', async () => {
    create();
    await tripAndWait();
    const probe = deferred();
    const probeCall = breaker
      .execute(probe.operation, context)
      .catch(() => undefined);

    probe.reject(new Error('still down'));
    await probeCall;

    expect(breaker.currentState).toBe(CircuitState.OPEN);
    expect(breaker.stats().nextProbeAt).toBe(Date.now() + RESET_MS);
    await vi.advanceTimersByTimeAsync(RESET_MS - 1);
    expect(breaker.currentState).toBe(CircuitState.OPEN);
    await vi.advanceTimersByTimeAsync(1);
    expect(breaker.currentState).toBe(CircuitState.HALF_OPEN);
  });

  it('needs halfOpenSuccessThreshold successful probes in a row to close', async () => {
    create({ halfOpenSuccessThreshold: 2 });
    const states: string[] = [];
    breaker.onStateChange(({ to, reason }) => states.push(`${to}:${reason}`));
    await tripAndWait();

    await breaker.execute(async () => 'first', context);
    expect(breaker.currentState).toBe(CircuitState.HALF_OPEN);
    expect(breaker.stats().retryAfterMs).toBe(0);

    await breaker.execute(async () => 'second', context);

    expect(breaker.currentState).toBe(CircuitState.CLOSED);
    expect(states).toEqual([
      'OPEN:failure-rate',
      'HALF_OPEN:reset-timeout',
      'CLOSED:probes-succeeded',
    ]);
  });

  it('reopens when a failure follows a successful probe, and starts counting again', async () => {
    create({ halfOpenSuccessThreshold: 2 });
    await tripAndWait();

    await breaker.execute(async () => 'first', context);
    await breaker
      .execute(() => Promise.reject(new Error('flaky')), context)
      .catch(() => undefined);

    expect(breaker.currentState).toBe(CircuitState.OPEN);

    await vi.advanceTimersByTimeAsync(RESET_MS);
    await breaker.execute(async () => 'first again', context);

    expect(breaker.currentState).toBe(CircuitState.HALF_OPEN);
  });

  it('counts a probe answered with an error that does not count as a success', async () => {
    const notFound = Object.assign(new Error('no such item'), { status: 404 });
    create({}, (error) => error !== notFound);
    await tripAndWait();

    await expect(
      breaker.execute(() => Promise.reject(notFound), context),
    ).rejects.toBe(notFound);

    expect(breaker.currentState).toBe(CircuitState.CLOSED);
  });

  it('closes with an empty window, so the old failures cannot reopen it at once', async () => {
    // Shorter than the 10 s window, so the failures that opened it are still in it.
    create({ volumeThreshold: 3, resetTimeoutMs: 1_000 });
    for (let i = 0; i < 3; i++) {
      await breaker
        .execute(() => Promise.reject(new Error('down')), context)
        .catch(() => undefined);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    await breaker.execute(async () => 'ok', context);

    await breaker
      .execute(() => Promise.reject(new Error('blip')), context)
      .catch(() => undefined);

    expect(breaker.currentState).toBe(CircuitState.CLOSED);
    expect(breaker.stats().window).toMatchObject({ calls: 1, failures: 1 });
  });
});
