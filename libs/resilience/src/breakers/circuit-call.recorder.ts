import type { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import { isTimeoutError } from '../errors/timeout.error.js';
import type { FailurePredicate } from './circuit-breaker-policy-options.interface.js';
import type { CircuitBreakerTotals } from './circuit-breaker-stats.interface.js';
import { OpossumWindowRotator } from './opossum-window.rotator.js';
import { WindowRotationClock } from './window-rotation.clock.js';
import {
  RollingLatencyWindow,
  type LatencySnapshot,
} from './rolling-latency.window.js';

/** No error is waiting to be reported as ignored. */
const NO_ERROR = Symbol('no-error');
/** The error waiting is opossum's own (its semaphore), not the dependency's. */
const OWN_ERROR = Symbol('own-error');

/**
 * Counts what happens to the calls of one circuit: totals, the failure streak, calls in flight,
 * and the rolling window of latencies and slow calls, which it rotates in step with opossum's
 * own window (it drives opossum's rotation through {@link rotator}). Every method is O(1) except
 * {@link latency} and the rare withdrawal of an excluded call (O(slices)).
 *
 * A call whose error the predicate answers `'ignore'` for (an upstream 429) counts as neither
 * failure nor success: opossum has already counted it as fired and reports it as a success, so
 * the recorder takes both back out of opossum's window, and leaves its own window, the failure
 * streak and the success count alone.
 */
export class CircuitCallRecorder {
  /** Passed to opossum as `rotateBucketController`: one timer rotates both windows. */
  readonly rotator: EventEmitter;
  /** Counted failures in a row. */
  consecutiveFailures = 0;
  /** Calls handed to opossum and not settled yet. */
  inFlight = 0;

  private readonly window: RollingLatencyWindow;
  private totals = emptyTotals();
  private pendingIgnored: unknown = NO_ERROR;
  private pendingExcluded = false;
  private unsubscribe: (() => void) | undefined;
  /** Rotations since a call last started or settled. */
  private idleRotations = 0;
  private readonly opossum: OpossumWindowRotator;

  /**
   * @param settings the circuit's settings (window shape, slow-call rule)
   * @param isFailure how an error counts: failure, success, or neither
   * @param opossumWindow opossum's window, newest slice first, read only to withdraw an
   *   excluded call
   * @param clock drives the rotation, one timer shared by every breaker of the same pace
   *   @default WindowRotationClock.shared
   */
  constructor(
    private readonly settings: Readonly<CircuitBreakerSettings>,
    private readonly isFailure: FailurePredicate,
    opossumWindow: () => CircuitBreaker.Window,
    private readonly clock: WindowRotationClock = WindowRotationClock.shared,
  ) {
    this.window = new RollingLatencyWindow(settings.rollingCountBuckets);
    this.opossum = new OpossumWindowRotator(
      settings.rollingCountBuckets,
      opossumWindow,
    );
    this.rotator = this.opossum.controller;
  }

  /** opossum's `errorFilter`: `true` for errors that must not count as failures. */
  readonly errorFilter = (error: unknown): boolean => {
    if (isOpossumError(error)) {
      this.pendingIgnored = OWN_ERROR;
      return true;
    }
    const verdict = this.verdict(error);
    if (verdict === true) return false;
    // opossum reports a filtered error through `success`, right after asking, with no other mark.
    this.pendingIgnored = error;
    this.pendingExcluded = verdict === 'ignore';
    return true;
  };

  /**
   * How a call that failed with `error` counts: `true` a failure, `false` a success, `'ignore'`
   * neither. A predicate that throws counts the error as a failure.
   */
  verdict(error: unknown): boolean | 'ignore' {
    try {
      const verdict: unknown = this.isFailure(error);
      return verdict === 'ignore' ? verdict : Boolean(verdict);
    } catch {
      // A broken classifier must not leave the call unsettled inside opossum; count the error.
      return true;
    }
  }

  /**
   * Starts rotating the window every `rollingCountTimeoutMs / rollingCountBuckets`, on the
   * clock's timer for that pace (no timer of its own). Idempotent.
   */
  startRotation(): void {
    if (this.unsubscribe) return;
    const sliceMs =
      this.settings.rollingCountTimeoutMs / this.settings.rollingCountBuckets;
    this.unsubscribe = this.clock.subscribe(sliceMs, this.rotate);
  }

  /** Stops rotating; the clock's timer stops with its last breaker. */
  stopRotation(): void {
    this.unsubscribe?.();
  }

  /** A call handed to opossum. */
  started(): void {
    this.totals.calls++;
    this.inFlight++;
    this.idleRotations = 0;
  }

  /** A call refused without running. */
  refused(): void {
    this.totals.calls++;
    this.totals.rejections++;
  }

  /** A fallback served. */
  fellBack(): void {
    this.totals.fallbacks++;
  }

  /**
   * opossum's `success`: a resolved call, or an error {@link errorFilter} let pass.
   *
   * @returns whether the call was slow
   */
  succeeded(latencyMs: number): boolean {
    this.inFlight--;
    this.idleRotations = 0;
    const ignored = this.pendingIgnored;
    if (ignored === NO_ERROR) {
      this.totals.successes++;
    } else {
      this.pendingIgnored = NO_ERROR;
      if (ignored === OWN_ERROR) {
        this.totals.rejections++;
        return false;
      }
      if (isTimeoutError(ignored)) this.totals.timeouts++;
      if (this.pendingExcluded) {
        this.pendingExcluded = false;
        this.totals.excludedCalls++;
        this.opossum.withdraw(latencyMs);
        return false;
      }
      this.totals.ignoredErrors++;
    }
    this.consecutiveFailures = 0;
    return this.complete(latencyMs);
  }

  /**
   * opossum's `failure`: a counted failure.
   *
   * @returns whether the call was slow
   */
  failed(error: unknown, latencyMs: number): boolean {
    this.inFlight--;
    this.idleRotations = 0;
    this.totals.failures++;
    if (isTimeoutError(error)) this.totals.timeouts++;
    this.consecutiveFailures++;
    return this.complete(latencyMs);
  }

  /**
   * Whether the window holds at least `volumeThreshold` completed calls and more than
   * `slowCallRateThreshold` percent of them were slow.
   */
  slowCallRateExceeded(): boolean {
    const calls = this.window.calls;
    const { volumeThreshold, slowCallRateThreshold } = this.settings;
    return (
      calls >= volumeThreshold &&
      this.window.slowCalls * 100 > slowCallRateThreshold * calls
    );
  }

  /** Empties the window, opossum's included. */
  clearWindow(): void {
    this.window.clear();
    // opossum's window is only reachable through its rotation: a full turn empties it.
    for (let i = 0; i < this.settings.rollingCountBuckets; i++)
      this.opossum.rotate();
  }

  /** Zeroes the totals and the failure streak. */
  resetTotals(): void {
    this.totals = emptyTotals();
    this.consecutiveFailures = 0;
  }

  /** A copy of the totals. */
  snapshotTotals(): CircuitBreakerTotals {
    return { ...this.totals };
  }

  /** Completed and slow calls in the window, with latency percentiles. */
  latency(): LatencySnapshot & { slowCalls: number } {
    return { ...this.window.snapshot(), slowCalls: this.window.slowCalls };
  }

  private readonly rotate = (): void => {
    // Once a full turn has passed with nothing started, settled or in flight, every slice of
    // both windows is empty and rotating changes nothing: idle breakers cost the shared clock
    // one comparison per slice.
    if (
      this.inFlight === 0 &&
      this.idleRotations >= this.settings.rollingCountBuckets
    ) {
      return;
    }
    this.idleRotations++;
    this.window.rotate();
    this.opossum.rotate();
  };

  private complete(latencyMs: number): boolean {
    const slowMs = this.settings.slowCallDurationMs;
    const slow = slowMs > 0 && latencyMs > slowMs;
    this.window.record(latencyMs, slow);
    if (slow) this.totals.slowCalls++;
    return slow;
  }
}

function emptyTotals(): CircuitBreakerTotals {
  return {
    calls: 0,
    successes: 0,
    failures: 0,
    ignoredErrors: 0,
    excludedCalls: 0,
    rejections: 0,
    timeouts: 0,
    slowCalls: 0,
    fallbacks: 0,
  };
}

/** Whether opossum itself made the error (semaphore locked, shut down), not the dependency. */
export function isOpossumError(error: unknown): boolean {
  return error instanceof Error && CircuitBreaker.isOurError(error);
}
