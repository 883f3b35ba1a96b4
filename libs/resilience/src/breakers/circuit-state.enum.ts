/** Where a circuit stands, as reported in stats, logs and health. */
export enum CircuitState {
  /** Calls go through and are counted. */
  CLOSED = 'CLOSED',
  /** Calls are refused with `CircuitOpenError` until the reset timeout lets a probe through. */
  OPEN = 'OPEN',
  /** Probes go through one at a time; the circuit closes after enough consecutive successes. */
  HALF_OPEN = 'HALF_OPEN',
  /** Switched off by an operator, or shut down: calls are neither guarded nor counted. */
  DISABLED = 'DISABLED',
}
