import type { Type } from '@nestjs/common';
import type { Simulator } from './simulator.js';

/** Names of the groups of simulators, each served under its own condition. */
export const SIMULATOR_GROUP_NAMES = ['downstream', 'targets'] as const;

/**
 * A group of simulators: `downstream`, the product and delivery services the orders call;
 * `targets`, the integration engine's target systems.
 */
export type SimulatorGroupName = (typeof SIMULATOR_GROUP_NAMES)[number];

/** Simulators served together, and the controllers serving their APIs. */
export interface SimulatorGroup {
  /** Creates the group's simulators, fresh for each application. */
  create(): Simulator[];
  /** Controllers of the simulators' own APIs (the control API is shared). */
  controllers: Type[];
}
