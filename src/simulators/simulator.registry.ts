import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'express';
import { SimulatorNotFoundError } from './errors/simulator-not-found.error.js';
import {
  NO_FAULTS,
  SIMULATOR_NAMES,
  type SimulatorFaults,
  type SimulatorName,
  type SimulatorView,
} from './simulator-faults.interface.js';

interface SimulatorState {
  faults: SimulatorFaults;
  requests: { total: number; faulted: number };
}

/**
 * The simulated downstream services and the faults each is told to show, changed at run time
 * through `PUT /simulators/:name/faults`. Shared by the control API and the simulators.
 */
@Injectable()
export class SimulatorRegistry {
  private readonly logger = new Logger(SimulatorRegistry.name);
  private readonly states = new Map<SimulatorName, SimulatorState>(
    SIMULATOR_NAMES.map((name) => [
      name,
      { faults: { ...NO_FAULTS }, requests: { total: 0, faulted: 0 } },
    ]),
  );

  /** Every simulator with its faults and counters. */
  list(): SimulatorView[] {
    return SIMULATOR_NAMES.map((name) => this.view(name));
  }

  /**
   * Changes the faults of `name`; members left out keep their value.
   * @throws SimulatorNotFoundError for an unknown name
   */
  update(name: string, changes: Partial<SimulatorFaults>): SimulatorView {
    const state = this.state(name);
    const defined = Object.entries(changes).filter(
      ([, value]) => value !== undefined,
    );
    state.faults = { ...state.faults, ...Object.fromEntries(defined) };
    this.logger.log(
      `Simulator ${name} faults: ${JSON.stringify(state.faults)}`,
    );
    return this.view(name as SimulatorName);
  }

  /**
   * Applies the faults of `name` to one request: waits the latency, then drops the connection
   * (down), answers the failure status (by the error rate), or lets the simulator answer.
   * @returns whether a fault answered, so the simulator must not
   */
  async inject(name: SimulatorName, response: Response): Promise<boolean> {
    const state = this.state(name);
    const { faults } = state;
    state.requests.total++;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.down) {
      state.requests.faulted++;
      response.socket?.destroy();
      return true;
    }
    if (faults.errorRate > 0 && Math.random() < faults.errorRate) {
      state.requests.faulted++;
      response
        .status(faults.status)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: 'Simulated failure',
            status: faults.status,
            detail: `Fault injected through PUT /simulators/${name}/faults`,
          }),
        );
      return true;
    }
    return false;
  }

  private state(name: string): SimulatorState {
    const state = this.states.get(name as SimulatorName);
    if (state === undefined) throw new SimulatorNotFoundError(name);
    return state;
  }

  private view(name: SimulatorName): SimulatorView {
    const { faults, requests } = this.state(name);
    return {
      name,
      path: `/simulators/${name}`,
      faults: { ...faults },
      requests: { ...requests },
    };
  }
}
