import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import type {
  ExecutionContext,
  Operation,
  ResiliencePolicy,
} from '../policies/policy.interface.js';
import type { CircuitBreakerPolicyOptions } from './circuit-breaker-policy-options.interface.js';
import type { CircuitBreakerStats } from './circuit-breaker-stats.interface.js';
import {
  CircuitCallRecorder,
  isOpossumError,
} from './circuit-call.recorder.js';
import type { CircuitStateListener } from './circuit-state-change.interface.js';
import { CircuitState } from './circuit-state.enum.js';
import { CircuitStateMachine } from './circuit-state.machine.js';
import { CircuitStateNotifier } from './circuit-state.notifier.js';
import { CircuitThresholdEvaluator } from './circuit-threshold.evaluator.js';
import {
  createOpossumOptions,
  runOperation,
  type OperationArgs,
} from './opossum-options.factory.js';
import { rejectLater } from './late-rejection.util.js';
import {
  createCapacityFullError,
  createCircuitOpenError,
} from './stackless-error.factory.js';

/**
 * The circuit breaker of one named dependency: one long-lived opossum breaker, plus what opossum
 * lacks (consecutive-failure and slow-call thresholds, several probes to close, fast refusals,
 * cheap latency percentiles). Get it from {@link CircuitBreakerRegistry}, never build one per call.
 *
 * When the circuit opens:
 * - Failure rate (opossum's `fail()`): evaluated on each counted failure, and only when the
 *   rolling window holds at least `volumeThreshold` calls. Calls are those started in the window:
 *   in-flight ones and those whose error is not counted (which count as successes) included,
 *   refused ones excluded. The circuit opens when `failures / calls * 100` is strictly greater
 *   than `errorThresholdPercentage`. At 50 % with a volume of 10: 5 successes then 5 failures
 *   (5 of 10, 50 %) stay closed and the next failure (6 of 11, 54.5 %) opens; 9 failures in a row
 *   stay closed (9 calls, below the volume) and the 10th opens.
 * - Consecutive failures: the `failureThreshold`-th counted failure in a row opens, whatever the
 *   volume; any other outcome restarts the count. `0` turns it off.
 * - Slow calls: evaluated on each completed call slower than `slowCallDurationMs` (strictly), when
 *   the window holds at least `volumeThreshold` completed calls; opens when
 *   `slowCalls / completedCalls * 100` is strictly greater than `slowCallRateThreshold` (so the
 *   default 100 never opens). Only while closed.
 * - Half open: any counted failure reopens at once, for a fresh `resetTimeoutMs`.
 *
 * After `resetTimeoutMs` open, probes go through one at a time (others are refused) and the
 * circuit reports `HALF_OPEN` until `halfOpenSuccessThreshold` probes in a row succeed; a probe
 * whose error is not counted (a 404) succeeds, since the dependency answered. It then closes with
 * an empty window, so the failures that opened it cannot reopen it on the next failure.
 *
 * Three outcomes, as the failure predicate says (resilience4j's model): a counted failure; a
 * success (a resolved call, or an error that does not count, such as a 404); and an excluded
 * call (`'ignore'`: an upstream 429), which is neither. An excluded call is not in the window
 * (`window.calls`), neither breaks nor extends a failure streak, is not a completed call for the
 * slow-call rate, and, as a probe, frees the probe slot without counting toward closing. It
 * shows only in `totals.calls` and `totals.excludedCalls`. A dependency that is rate limiting
 * us is busy, not broken; opening the circuit would not make it less busy, and counting the
 * refusal as a success would hide real failures among the 429s.
 */
export class CircuitBreakerPolicy implements ResiliencePolicy {
  /** Name of the circuit (the dependency's service name). */
  readonly name: string;
  /** The settings it was built with (a frozen copy). */
  readonly settings: Readonly<CircuitBreakerSettings>;

  private readonly breaker: CircuitBreaker<OperationArgs, unknown>;
  private readonly recorder: CircuitCallRecorder;
  private readonly machine: CircuitStateMachine;
  private readonly notifier: CircuitStateNotifier;
  private isShutdown = false;

  /** @param options name, resolved settings and failure predicate of the dependency */
  constructor(options: CircuitBreakerPolicyOptions) {
    this.name = options.name;
    this.settings = Object.freeze({ ...options.settings });
    this.recorder = new CircuitCallRecorder(
      this.settings,
      options.isFailure,
      () => this.breaker.status.window,
    );
    this.breaker = new CircuitBreaker(
      runOperation,
      createOpossumOptions(
        this.name,
        this.settings,
        this.recorder.errorFilter,
        this.recorder.rotator,
      ),
    );
    this.notifier = new CircuitStateNotifier(
      new Logger(`CircuitBreaker:${this.name}`),
    );
    this.machine = new CircuitStateMachine(
      this.name,
      this.breaker,
      this.settings,
      this.notifier,
    );
    const thresholds = new CircuitThresholdEvaluator(
      this.settings,
      this.recorder,
      this.machine,
    );
    this.breaker.on('success', thresholds.onSuccess);
    this.breaker.on('failure', thresholds.onFailure);
    this.recorder.startRotation();
  }

  /** Current state, without computing the rest of the stats. */
  get currentState(): CircuitState {
    return this.machine.state;
  }

  /**
   * Runs `operation` under the circuit.
   *
   * @throws CircuitOpenError (as a rejection, without a stack trace) when the circuit is open, or
   *   half open with a probe in flight; `retryAfterMs` is the time until the next probe is due
   * @throws BulkheadFullError when `capacity` calls are already running
   * @throws opossum's `ESHUTDOWN` error after {@link shutdown}
   */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    const state = this.machine.state;
    if (state === CircuitState.CLOSED) return this.fire(operation, context);
    if (state === CircuitState.OPEN) return this.refuse();
    if (state === CircuitState.HALF_OPEN) {
      return this.machine.probes.busy
        ? this.refuse()
        : this.probe(operation, context);
    }
    return this.bypass(operation, context);
  }

  /** Opens the circuit now; a probe goes through after `resetTimeoutMs`. No effect when disabled. */
  open(): void {
    this.machine.trip('manual');
  }

  /** Closes the circuit now, keeping the window. No effect when disabled. */
  close(): void {
    this.machine.close('manual');
    this.recorder.consecutiveFailures = 0;
  }

  /** Closes the circuit (unless disabled) and forgets the window and every counter. */
  reset(): void {
    this.close();
    this.recorder.clearWindow();
    this.recorder.resetTotals();
  }

  /** Lets every call through, unguarded and uncounted, until {@link enable}. */
  disable(): void {
    this.machine.disable();
  }

  /** Guards calls again, closed and with an empty window. No effect after {@link shutdown}. */
  enable(): void {
    if (this.isShutdown || this.machine.state !== CircuitState.DISABLED) return;
    this.machine.enable();
    this.recorder.clearWindow();
    this.recorder.consecutiveFailures = 0;
  }

  /** Stops the timers for good; later calls are rejected. Idempotent. */
  shutdown(): void {
    if (this.isShutdown) return;
    this.isShutdown = true;
    this.recorder.stopRotation();
    this.machine.shutdown();
    this.notifier.clear();
  }

  /** Counts a fallback served for this dependency (for the fallback layer). */
  recordFallback(): void {
    this.recorder.fellBack();
  }

  /**
   * Subscribes to state transitions (each is also logged once).
   *
   * @returns a function that unsubscribes
   */
  onStateChange(listener: CircuitStateListener): () => void {
    return this.notifier.add(listener);
  }

  /** State, rates, counters and latency percentiles; O(latency samples + histogram bins). */
  stats(): CircuitBreakerStats {
    const { fires, failures } = this.breaker.stats;
    const { slowCalls, ...latencyMs } = this.recorder.latency();
    const completed = latencyMs.count;
    return {
      name: this.name,
      state: this.machine.state,
      failureRate: fires === 0 ? 0 : (failures / fires) * 100,
      slowCallRate: completed === 0 ? 0 : (slowCalls / completed) * 100,
      consecutiveFailures: this.recorder.consecutiveFailures,
      window: { calls: fires, failures, completedCalls: completed, slowCalls },
      totals: this.recorder.snapshotTotals(),
      latencyMs,
      openedAt: this.machine.openedAt,
      nextProbeAt: this.machine.nextProbeAt,
      retryAfterMs: this.machine.retryAfterMs(Date.now()),
    };
  }

  private fire<T>(
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    if (this.atCapacity()) {
      this.recorder.refused();
      return rejectLater(
        createCapacityFullError(this.name, this.settings.capacity),
      );
    }
    this.recorder.started();
    return this.breaker.fire(operation, context) as Promise<T>;
  }

  private atCapacity(): boolean {
    const capacity = this.settings.capacity;
    return capacity > 0 && this.recorder.inFlight >= capacity;
  }

  private refuse<T>(): Promise<T> {
    this.recorder.refused();
    const retryAfterMs = this.machine.retryAfterMs(Date.now());
    return rejectLater(createCircuitOpenError(this.name, retryAfterMs));
  }

  private probe<T>(
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    // Calls left over from before the circuit opened fill it: refused, the probe slot kept free.
    if (this.atCapacity()) return this.fire(operation, context);
    const ticket = this.machine.probes.begin(Date.now());
    return this.fire(operation, context).then(
      (value) => {
        this.settleProbe(ticket, true);
        return value;
      },
      (error: unknown) => {
        // A counted failure has reopened the circuit already; an excluded call (a 429) frees
        // the probe slot without counting; an error that does not count is a success.
        this.settleProbe(
          ticket,
          !isOpossumError(error) && this.recorder.verdict(error) === false,
        );
        throw error;
      },
    );
  }

  private settleProbe(ticket: number, succeeded: boolean): void {
    if (this.machine.state !== CircuitState.HALF_OPEN) return;
    if (!this.machine.probes.settle(ticket, succeeded)) return;
    this.recorder.clearWindow();
    this.machine.close('probes-succeeded');
  }

  private bypass<T>(
    operation: Operation<T>,
    context: ExecutionContext,
  ): Promise<T> {
    if (this.isShutdown) {
      return this.breaker.fire(operation, context) as Promise<T>;
    }
    try {
      return operation(context);
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
