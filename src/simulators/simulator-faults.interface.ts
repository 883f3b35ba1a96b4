/** The faults a simulated downstream service is told to show. */
export interface SimulatorFaults {
  /** Share of requests answered with `status`, from 0 (none) to 1 (all). @default 0 */
  errorRate: number;
  /** Status of the failed answers. @default 503 */
  status: number;
  /** Wait before every answer, in milliseconds. @default 0 */
  latencyMs: number;
  /** Drop every connection without an answer, as a crashed service would. @default false */
  down: boolean;
}

/** A simulator as `GET /simulators` lists it. */
export interface SimulatorView {
  name: string;
  /** Where the application reaches it. */
  path: string;
  faults: SimulatorFaults;
  /** Requests it received, and how many a fault answered, since the start. */
  requests: { total: number; faulted: number };
}

/** The simulators, named like the services in the resilience configuration. */
export const SIMULATOR_NAMES = ['product-service', 'delivery-service'] as const;

/** Name of a simulator. */
export type SimulatorName = (typeof SIMULATOR_NAMES)[number];

/** No faults: every request answered at once. */
export const NO_FAULTS: Readonly<SimulatorFaults> = Object.freeze({
  errorRate: 0,
  status: 503,
  latencyMs: 0,
  down: false,
});
