/** The faults a simulator is told to show, set through `PUT /simulators/:name/faults`. */
export interface SimulatorFaults {
  /** Share of requests answered with `status`, from 0 (none) to 1 (all). @default 0 */
  errorRate: number;
  /** Status of the failed answers, a 4xx or 5xx. @default 503 */
  status: number;
  /** Wait before every answer, in milliseconds. @default 0 */
  latencyMs: number;
  /** Drop every connection without an answer, as a crashed service would. @default false */
  down: boolean;
}

/** A simulator as `GET /simulators` and `GET /simulators/:name` show it. */
export interface SimulatorView {
  /** Its name, the name of the service it stands for in the resilience configuration. */
  name: string;
  /** Where the application serves it. */
  path: string;
  faults: SimulatorFaults;
  /** Requests it received, and how many a fault answered, since the start or the last reset. */
  requests: { total: number; faulted: number };
}

/** No faults: every request answered at once. */
export const NO_FAULTS: Readonly<SimulatorFaults> = Object.freeze({
  errorRate: 0,
  status: 503,
  latencyMs: 0,
  down: false,
});
