import { Inject, Injectable, Logger } from '@nestjs/common';
import { SimulatorNotFoundError } from './errors/simulator-not-found.error.js';
import type {
  SimulatorFaults,
  SimulatorView,
} from './simulator-faults.interface.js';
import { Simulator } from './simulator.js';
import { SIMULATORS } from './simulators.constants.js';

/**
 * Every simulator the application serves, by name: what the control API (`/simulators`) acts
 * on, and where each simulator's controller and the tests find theirs.
 */
@Injectable()
export class SimulatorRegistry {
  private readonly logger = new Logger(SimulatorRegistry.name);
  private readonly byName: ReadonlyMap<string, Simulator>;

  constructor(@Inject(SIMULATORS) simulators: readonly Simulator[]) {
    this.byName = new Map(simulators.map((s) => [s.name, s]));
  }

  /** Every simulator with its faults and counts, in the order they were given. */
  list(): SimulatorView[] {
    return [...this.byName.values()].map((s) => s.view());
  }

  /**
   * The simulator called `name`, checked to be a `kind` when one is given.
   * @throws SimulatorNotFoundError for an unknown name
   * @throws TypeError when it is not a `kind`
   */
  get(name: string): Simulator;
  get<T extends Simulator>(
    name: string,
    kind: abstract new (...args: never[]) => T,
  ): T;
  get(
    name: string,
    kind?: abstract new (...args: never[]) => Simulator,
  ): Simulator {
    const simulator = this.byName.get(name);
    if (simulator === undefined) throw new SimulatorNotFoundError(name);
    if (kind !== undefined && !(simulator instanceof kind)) {
      throw new TypeError(`Simulator ${name} is not a ${kind.name}`);
    }
    return simulator;
  }

  /**
   * Changes the faults of `name`; members left out keep their value.
   * @throws SimulatorNotFoundError for an unknown name
   */
  setFaults(name: string, changes: Partial<SimulatorFaults>): SimulatorView {
    const simulator = this.get(name);
    const faults = simulator.setFaults(changes);
    this.logger.log(`Simulator ${name} faults: ${JSON.stringify(faults)}`);
    return simulator.view();
  }

  /**
   * Clears the faults and counts of `name` and forgets what it stored.
   * @throws SimulatorNotFoundError for an unknown name
   */
  reset(name: string): void {
    this.get(name).reset();
    this.logger.log(`Simulator ${name} reset`);
  }
}
