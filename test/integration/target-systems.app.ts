import { Module } from '@nestjs/common';
import { ResilienceModule } from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import {
  TARGET_SYSTEMS,
  type TargetSystem,
} from '../../src/integration/config/integration.config.js';
import { startTestApp } from '../support/test-app.js';
import { SimulatorRegistry } from '../../src/simulators/simulator.registry.js';
import { SimulatorsModule } from '../../src/simulators/simulators.module.js';
import { TargetSimulator } from '../../src/simulators/targets/target.simulator.js';

/** The simulated target systems, served by an application of their own. */
export interface TargetSystemsApp {
  /** Base URL of each system (`http://127.0.0.1:<port>/simulators/<system>`). */
  urls: Record<TargetSystem, string>;
  simulator(system: TargetSystem): TargetSimulator;
  close(): Promise<void>;
}

/**
 * Serves the engine's simulated target systems (`SimulatorsModule`'s `targets` group, the code
 * `npm start` serves) from a separate application, so they outlive the engine applications a
 * test closes and restarts, and count every side effect across them.
 */
export async function startTargetSystems(): Promise<TargetSystemsApp> {
  @Module({
    imports: [
      ResilienceModule.forRoot({}),
      ProblemDetailsModule.forRoot({ global: true }),
      SimulatorsModule.register({ groups: ['targets'] }),
    ],
  })
  class TargetSystemsModule {}
  const app = await startTestApp(TargetSystemsModule, { listen: true });
  const base = await app.getUrl();
  const registry = app.get(SimulatorRegistry);
  return {
    urls: Object.fromEntries(
      TARGET_SYSTEMS.map((s) => [s, `${base}/simulators/${s}`]),
    ) as Record<TargetSystem, string>,
    simulator: (system) => registry.get(system, TargetSimulator),
    close: () => app.close(),
  };
}
