import type { SimulatorGroupName } from './simulator-group.interface.js';

/**
 * Which simulators the application serves, read from its environment:
 *
 * - `downstream` (product and delivery services) while `PRODUCT_SERVICE_URL` or
 *   `DELIVERY_SERVICE_URL` is unset, since the orders call the simulator of a missing one;
 * - `targets` (the integration engine's target systems) always, since a target whose URL
 *   (`FHIR_SERVER_URL`, ...) is unset calls its simulator, and one set leaves its simulator idle.
 *
 * An empty value counts as unset, as a blank line in a `.env` file gives.
 */
export function servedSimulatorGroups(
  env: NodeJS.ProcessEnv,
): SimulatorGroupName[] {
  const groups: SimulatorGroupName[] = [];
  if (!env.PRODUCT_SERVICE_URL || !env.DELIVERY_SERVICE_URL) {
    groups.push('downstream');
  }
  groups.push('targets');
  return groups;
}
