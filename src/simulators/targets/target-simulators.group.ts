import {
  TARGET_SYSTEMS,
  type TargetSystem,
} from '../../integration/config/integration.config.js';
import type { SimulatorGroup } from '../simulator-group.interface.js';
import { createTargetSimulatorController } from './target-simulator.controller.js';
import { TargetSimulator } from './target.simulator.js';

/** The resource each simulated target system creates and cancels. */
export const SIMULATED_RESOURCES: Record<TargetSystem, string> = {
  'fhir-server': 'Bundle',
  'terminology-server': 'lookups',
  'inventory-service': 'reservations',
  'payment-service': 'payments',
  'shipping-service': 'shipments',
};

/** What a created record of each target system answers with besides its id. */
const PRESENTERS: Partial<
  Record<TargetSystem, (id: string, body: unknown) => Record<string, unknown>>
> = {
  'fhir-server': () => ({
    resourceType: 'Bundle',
    type: 'transaction-response',
  }),
  'terminology-server': (_id, body) => lookupDisplays(body),
  'payment-service': () => ({ status: 'captured' }),
  'shipping-service': (id) => ({ trackingNumber: `TRK-${id}` }),
};

function lookupDisplays(body: unknown): Record<string, unknown> {
  const codes = (body as { codes?: unknown } | undefined)?.codes;
  const list = Array.isArray(codes)
    ? codes.filter((c): c is string => typeof c === 'string')
    : [];
  return {
    concepts: list.map((code) => ({ code, display: `Concept ${code}` })),
  };
}

/**
 * The integration engine's target systems, simulated: one per target system, each named after
 * its service in the resilience configuration.
 */
export const TARGET_SIMULATORS: SimulatorGroup = {
  create: () =>
    TARGET_SYSTEMS.map(
      (system) =>
        new TargetSimulator(
          system,
          SIMULATED_RESOURCES[system],
          PRESENTERS[system],
        ),
    ),
  controllers: TARGET_SYSTEMS.map((system) =>
    createTargetSimulatorController(system, SIMULATED_RESOURCES[system]),
  ),
};
