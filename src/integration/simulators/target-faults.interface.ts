/** Faults a simulated target system injects (the contract's simulator fault settings). */
export interface TargetFaults {
  /** Share of requests answered with `status`, from 0 to 1. @default 0 */
  errorRate: number;
  /** Status of an injected failure. @default 503 */
  status: number;
  /** Wait before answering anything. @default 0 */
  latencyMs: number;
  /** Drop every connection without an answer, as a crashed server would. @default false */
  down: boolean;
}

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
 * A simulated target system as `GET /simulators/<system>` shows it: the shape of the other
 * simulators' entries in `GET /simulators` (`name`, `path`, `faults`, `requests`), plus what
 * only a target with side effects has.
 */
export interface TargetSimulatorView {
  name: string;
  /** Where it is served (`/simulators/fhir-server`). */
  path: string;
  /** The one resource it creates and cancels (`Bundle`, `reservations`, ...). */
  resource: string;
  faults: TargetFaults;
  /** Requests received and those failed on purpose. */
  requests: { total: number; faulted: number };
  stats: TargetSimulatorStats;
  /** Records created so far, cancelled ones included. */
  records: number;
}
