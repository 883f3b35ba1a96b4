import { Module } from '@nestjs/common';
import { TARGET_SIMULATOR_CONTROLLERS } from './target-simulator.controller.js';
import { TargetSimulatorRegistry } from './target-simulator.registry.js';

/**
 * The simulated target systems of the integration engine, served under `/simulators/<system>`.
 * Imported by `IntegrationModule`; tests also serve it alone, as a separate application that
 * outlives the one under test.
 */
@Module({
  controllers: TARGET_SIMULATOR_CONTROLLERS,
  providers: [TargetSimulatorRegistry],
  exports: [TargetSimulatorRegistry],
})
export class TargetSimulatorModule {}
