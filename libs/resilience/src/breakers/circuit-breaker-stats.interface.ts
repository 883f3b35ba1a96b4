import type { CircuitState } from './circuit-state.enum.js';
import type { LatencySnapshot } from './rolling-latency.window.js';

/** Counters since the breaker was created or last {@link CircuitBreakerPolicy.reset}. */
export interface CircuitBreakerTotals {
  /** Calls made through the breaker while enabled, refused ones included. */
  calls: number;
  /** Calls that resolved. */
  successes: number;
  /** Calls that rejected with an error the classifier counts as a failure. */
  failures: number;
  /**
   * Calls that rejected with an error the classifier does not count as a failure (a 404, a
   * validation error): the dependency answered, so for the thresholds they are successes.
   */
  ignoredErrors: number;
  /**
   * Calls left out of every count and threshold, neither failure nor success (an upstream 429):
   * not in the window, not breaking a failure streak, not closing a half-open circuit.
   */
  excludedCalls: number;
  /** Calls refused without running: circuit open, probe in flight, or capacity full. */
  rejections: number;
  /** Calls that rejected with a `TimeoutError`, counted or not. */
  timeouts: number;
  /** Completed calls slower than `slowCallDurationMs`. */
  slowCalls: number;
  /** Fallbacks served for this dependency, as reported by the fallback layer. */
  fallbacks: number;
}

/** Calls in the rolling window: what the thresholds are evaluated on. */
export interface CircuitBreakerWindow {
  /** Calls started in the window (opossum's `fires`, in-flight ones included, excluded ones not). */
  calls: number;
  /** Counted failures in the window. */
  failures: number;
  /** Completed calls in the window (the slow-call rate's denominator). */
  completedCalls: number;
  /** Slow calls in the window. */
  slowCalls: number;
}

/** A point-in-time view of one circuit, for health, metrics and dashboards. */
export interface CircuitBreakerStats {
  /** Name of the circuit (the dependency's service name). */
  name: string;
  state: CircuitState;
  /** `window.failures / window.calls` in percent, as the threshold rule sees it; `0` when empty. */
  failureRate: number;
  /** `window.slowCalls / window.completedCalls` in percent; `0` when empty. */
  slowCallRate: number;
  /** Counted failures in a row, reset by any other outcome. */
  consecutiveFailures: number;
  window: CircuitBreakerWindow;
  totals: CircuitBreakerTotals;
  /** Latencies of completed calls over the rolling window. */
  latencyMs: LatencySnapshot;
  /** When the circuit last opened (epoch ms); `null` once closed. */
  openedAt: number | null;
  /** When the open circuit lets its next probe through (epoch ms); `null` unless open. */
  nextProbeAt: number | null;
  /** What a refused call would carry as `retryAfterMs` now; `0` when calls are let through. */
  retryAfterMs: number;
}
