import type { SimulatorView } from '../simulator-faults.interface.js';

/** What a simulated target system has seen and done. */
export interface TargetSimulatorStats {
  /** Requests received, whatever became of them. */
  requests: number;
  /** Side effects applied (records created). */
  applied: number;
  /** Side effects undone (records cancelled). */
  undone: number;
  /** Requests answered from the idempotency store, with no new side effect. */
  replayed: number;
  /** Requests failed by an injected fault (`errorRate`, `down`). */
  failed: number;
}

/**
 * A simulated target system as `GET /simulators/:name` shows it: what every simulator shows,
 * plus what only a target with side effects has.
 */
export interface TargetSimulatorView extends SimulatorView {
  /** The one resource it creates and cancels (`Bundle`, `reservations`, ...). */
  resource: string;
  stats: TargetSimulatorStats;
  /** Records created so far, cancelled ones included. */
  records: number;
}
