import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type { ResilienceSettings } from './resilience-settings.interface.js';

/**
 * Stops the start when code names a service the configuration does not declare, which is
 * almost always a typo that would otherwise get a breaker of its own with the defaults.
 * @param settings the loaded settings
 * @param name the service a decorator (or other caller) names
 * @param where the decorator site, for example `@Resilient('product-servce') on OrdersService.create`
 * @throws ResilienceConfigurationError naming the site, the service and the known services
 */
export function assertKnownService(
  settings: Pick<ResilienceSettings, 'services'>,
  name: string,
  where: string,
): void {
  if (Object.hasOwn(settings.services, name)) {
    return;
  }
  const known = Object.keys(settings.services);
  throw new ResilienceConfigurationError([
    `${where}: unknown service "${name}" (known: ${known.length > 0 ? known.join(', ') : 'none'}); ` +
      'declare it under services in the resilience configuration file',
  ]);
}
