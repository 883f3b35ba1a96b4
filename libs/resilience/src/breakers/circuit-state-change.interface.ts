import type { CircuitState } from './circuit-state.enum.js';

/** Why a circuit changed state; reported in logs and to {@link CircuitStateListener}s. */
export type CircuitTransitionReason =
  /** The window's failure rate exceeded `errorThresholdPercentage`. */
  | 'failure-rate'
  /** `failureThreshold` consecutive failures. */
  | 'consecutive-failures'
  /** The window's slow-call rate exceeded `slowCallRateThreshold`. */
  | 'slow-call-rate'
  /** A failure while half open. */
  | 'probe-failed'
  /** `resetTimeoutMs` elapsed since the circuit opened. */
  | 'reset-timeout'
  /** `halfOpenSuccessThreshold` consecutive probes succeeded. */
  | 'probes-succeeded'
  /** `open()`, `close()`, `reset()`, `disable()` or `enable()` was called. */
  | 'manual'
  /** `shutdown()` was called. */
  | 'shutdown';

/** One state transition of one circuit. */
export interface CircuitStateChange {
  /** Name of the circuit (the dependency's service name). */
  breaker: string;
  from: CircuitState;
  to: CircuitState;
  reason: CircuitTransitionReason;
  /** When it happened, in epoch milliseconds. */
  at: number;
}

/**
 * Told about every state transition, synchronously and once. It must not throw (what it throws
 * is logged and dropped) and should not call back into the breaker.
 */
export type CircuitStateListener = (change: CircuitStateChange) => void;
