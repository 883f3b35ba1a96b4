import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DOWNSTREAM_SIMULATORS } from './downstream/downstream-simulators.group.js';
import {
  SIMULATOR_GROUP_NAMES,
  type SimulatorGroup,
  type SimulatorGroupName,
} from './simulator-group.interface.js';
import { SimulatorRegistry } from './simulator.registry.js';
import { servedSimulatorGroups } from './simulators.condition.js';
import { SIMULATORS } from './simulators.constants.js';
import { SimulatorsController } from './simulators.controller.js';
import { TARGET_SIMULATORS } from './targets/target-simulators.group.js';

/** How long {@link SimulatorsModule.forRoot} waits for `ConfigModule` to load the environment. */
const ENV_LOADED_TIMEOUT_MS = 5_000;

const GROUPS: Record<SimulatorGroupName, SimulatorGroup> = {
  downstream: DOWNSTREAM_SIMULATORS,
  targets: TARGET_SIMULATORS,
};

/** Options of {@link SimulatorsModule.register}. */
export interface SimulatorsModuleOptions {
  /** The groups of simulators to serve. @default every group */
  groups?: readonly SimulatorGroupName[];
}

/**
 * Simulated services for development and tests, served by the application itself under
 * `/simulators/<name>` so that `npm start` needs nothing else: the product and delivery
 * services the orders call (`downstream`) and the integration engine's target systems
 * (`targets`). The clients call them over real HTTP, so breakers, retries, bulkheads and
 * fallbacks can be watched; one control API (`GET /simulators`, `GET /simulators/:name`,
 * `PUT /simulators/:name/faults`, `POST /simulators/:name/reset`) makes any of them slow,
 * failing or down.
 *
 * Which groups are served depends on the environment ({@link servedSimulatorGroups}), so the
 * module is dynamic rather than built with `ConfigurableModuleBuilder`: the controllers
 * themselves, not only a provider, differ by option.
 */
@Module({})
export class SimulatorsModule {
  /**
   * The simulators the environment asks for ({@link servedSimulatorGroups}), read once
   * `ConfigModule.forRoot()` has loaded it (a `.env` file included).
   * @throws Error when `ConfigModule.forRoot()` does not load the environment in time
   */
  static async forRoot(): Promise<DynamicModule> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              'SimulatorsModule.forRoot() reads the environment loaded by ConfigModule.forRoot(); ' +
                'import ConfigModule.forRoot() too, or use SimulatorsModule.register()',
            ),
          ),
        ENV_LOADED_TIMEOUT_MS,
      );
      timer.unref();
    });
    try {
      await Promise.race([ConfigModule.envVariablesLoaded, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return SimulatorsModule.register({
      groups: servedSimulatorGroups(process.env),
    });
  }

  /** The groups of simulators asked for, whatever the environment says. */
  static register(options: SimulatorsModuleOptions = {}): DynamicModule {
    const names = options.groups ?? SIMULATOR_GROUP_NAMES;
    const served = SIMULATOR_GROUP_NAMES.filter((name) =>
      names.includes(name),
    ).map((name) => GROUPS[name]);
    return {
      module: SimulatorsModule,
      controllers: [
        SimulatorsController,
        ...served.flatMap((group) => group.controllers),
      ],
      providers: [
        {
          provide: SIMULATORS,
          useFactory: () => served.flatMap((group) => group.create()),
        },
        SimulatorRegistry,
      ],
      exports: [SimulatorRegistry],
    };
  }
}
