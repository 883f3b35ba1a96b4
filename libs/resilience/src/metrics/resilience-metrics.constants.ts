import { CircuitState } from '../breakers/circuit-state.enum.js';
import type { CallOutcome } from '../events/resilience-event.interface.js';

/** Prefix of the library's metric names unless told otherwise. */
export const DEFAULT_METRICS_PREFIX = 'resilience_';

/** Buckets of `call_duration_seconds`, in seconds: calls with retries may take tens of seconds. */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** Every call outcome, in the order the tallies keep them. */
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  'success',
  'failure',
  'timeout',
  'rejected',
  'short_circuited',
  'fallback',
];

/** The value of `circuit_state` for each state: 0 closed, 1 half open, 2 open, 3 disabled. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = {
  [CircuitState.CLOSED]: 0,
  [CircuitState.HALF_OPEN]: 1,
  [CircuitState.OPEN]: 2,
  [CircuitState.DISABLED]: 3,
};

/** A state as a label value of `circuit_transitions_total`: `closed`, `half_open`, ... */
export function circuitStateLabel(state: CircuitState): string {
  return state.toLowerCase();
}
