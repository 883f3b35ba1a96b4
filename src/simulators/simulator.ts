import { setTimeout as sleep } from 'node:timers/promises';
import type { SimulatedResponse } from './simulated-response.js';
import {
  NO_FAULTS,
  type SimulatorFaults,
  type SimulatorView,
} from './simulator-faults.interface.js';

/**
 * What every simulator shares: its name, the faults it is told to show and how many requests
 * it saw. A simulator calls {@link fault} before answering a request of its API, and answers
 * itself only when no fault did. Transport-free, so its behaviour is tested without HTTP.
 */
export abstract class Simulator {
  private faults: SimulatorFaults = { ...NO_FAULTS };
  private readonly requests = { total: 0, faulted: 0 };

  /** @param name the service it stands for, as named in the resilience configuration */
  protected constructor(readonly name: string) {}

  /** Where the application serves it. */
  get path(): string {
    return `/simulators/${this.name}`;
  }

  /** Changes some fault settings; members left out or `undefined` keep their value. @returns all of them */
  setFaults(changes: Partial<SimulatorFaults>): SimulatorFaults {
    const given = Object.entries(changes).filter(
      ([, value]) => value !== undefined,
    );
    this.faults = { ...this.faults, ...Object.fromEntries(given) };
    return { ...this.faults };
  }

  /** Clears the faults and the counts, and forgets what the simulator stored. */
  reset(): void {
    this.faults = { ...NO_FAULTS };
    this.requests.total = 0;
    this.requests.faulted = 0;
    this.forget();
  }

  /** Name, path, faults and counts. */
  view(): SimulatorView {
    return {
      name: this.name,
      path: this.path,
      faults: { ...this.faults },
      requests: { ...this.requests },
    };
  }

  /**
   * Applies the faults to one request, counting it: waits the latency, then drops the
   * connection (`down`) or fails it with `status` (by `errorRate`).
   * @returns the fault's answer, or `undefined` when the simulator must answer itself
   */
  protected async fault(): Promise<SimulatedResponse | undefined> {
    this.requests.total++;
    // The settings the request arrived under hold for it, even if they change while it waits.
    const { latencyMs, down, errorRate, status } = this.faults;
    if (latencyMs > 0) await sleep(latencyMs);
    if (down) {
      this.requests.faulted++;
      return { drop: true };
    }
    if (errorRate > 0 && Math.random() < errorRate) {
      this.requests.faulted++;
      return {
        status,
        contentType: 'application/problem+json',
        body: {
          type: 'about:blank',
          title: 'Simulated failure',
          status,
          detail: `Fault injected through PUT /simulators/${this.name}/faults`,
        },
        replayed: false,
      };
    }
    return undefined;
  }

  /** Forgets what the simulator stored (records, answers by idempotency key); nothing by default. */
  protected forget(): void {}
}
