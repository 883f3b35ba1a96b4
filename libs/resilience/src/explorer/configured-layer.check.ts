import { describeOrigin } from '../config/resilience-issue.formatter.js';
import type {
  ResilienceKeyOrigin,
  ResolvedResilienceSettings,
} from '../config/resilience-settings.interface.js';
import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import type {
  GuardedLayer,
  GuardedLayerRegistry,
} from './guarded-layer.registry.js';

/** What the check needs to know of the guarded calls. */
export type GuardedLayers = Pick<
  GuardedLayerRegistry,
  'sites' | 'isGuarded' | 'services'
>;

type OwnKeys = Readonly<Record<string, ResilienceKeyOrigin>>;

/** The one breaker key a `@Timeout` uses too. */
const TIMEOUT_KEY = 'circuitBreaker.timeoutMs';

/** The decorator that puts a call through each layer, for the messages. */
const DECORATOR: Readonly<Record<GuardedLayer, string>> = {
  circuitBreaker: '@CircuitBreaker',
  timeout: '@CircuitBreaker or @Timeout',
  retry: '@Retry',
  bulkhead: '@Bulkhead',
};

/**
 * Every configured key that would take no effect, one line per service and section:
 *
 * - a key of a layer that none of the service's guarded calls passes through
 *   (`services.product-service.bulkhead is set ... but no @Bulkhead guards product-service
 *   calls`); `circuitBreaker.timeoutMs` counts as used by `@Timeout` too;
 * - a key the user set (their file or a variable) for a service nothing in this application
 *   calls, as it is wired now;
 * - a service only the user's file declares that nothing calls (an unknown service).
 *
 * `defaults` are never reported: they apply to every service that uses the layer. Keys the base
 * (shipped) file sets for a service nothing calls are not reported either: that file describes
 * every way the application can be wired.
 */
export function configuredLayerProblems(
  settings: ResolvedResilienceSettings,
  guarded: GuardedLayers,
): string[] {
  const base = new Set(
    settings.origins?.baseServices ?? Object.keys(settings.services),
  );
  const problems: string[] = [];
  for (const service of Object.keys(settings.services)) {
    const own = ownKeys(settings, service);
    if (!guarded.isGuarded(service)) {
      problems.push(...unguardedProblems(service, own, base, guarded));
      continue;
    }
    const unused = new Map<string, string[]>();
    const isUsed = (layer: GuardedLayer) =>
      guarded.sites(service, layer).length > 0;
    for (const [key, origin] of Object.entries(own)) {
      const [section, name] = key.split('.') as [GuardedLayer, string];
      const layer = key === TIMEOUT_KEY ? 'timeout' : section;
      if (isUsed(layer)) continue;
      // Without any breaker, the timeout is reported with the rest of the breaker's section.
      const group =
        layer === 'timeout' && isUsed('circuitBreaker') ? TIMEOUT_KEY : section;
      unused.set(group, [
        ...(unused.get(group) ?? []),
        describeKey(name, origin),
      ]);
    }
    for (const [group, keys] of unused) {
      const layer = group === TIMEOUT_KEY ? 'timeout' : (group as GuardedLayer);
      problems.push(
        `services.${service}.${group} is set (${keys.join(', ')}) but no ${DECORATOR[layer]} ` +
          `guards ${service} calls; add ${decoratorCall(layer, service)} to the methods that ` +
          `call it, or remove the setting`,
      );
    }
  }
  return problems;
}

/**
 * Stops the start when a configured key would take no effect (see
 * {@link configuredLayerProblems}).
 * @throws ResilienceConfigurationError naming each service, key and where it was set
 */
export function assertConfiguredLayersUsed(
  settings: ResolvedResilienceSettings,
  guarded: GuardedLayers,
): void {
  const problems = configuredLayerProblems(settings, guarded);
  if (problems.length > 0) throw new ResilienceConfigurationError(problems);
}

function unguardedProblems(
  service: string,
  own: OwnKeys,
  base: ReadonlySet<string>,
  guarded: GuardedLayers,
): string[] {
  const known = [...new Set([...base, ...guarded.services()])].join(', ');
  if (!base.has(service)) {
    const sources = [...new Set(Object.values(own).map(describeOrigin))];
    const where = sources.length > 0 ? ` (${sources.join(', ')})` : '';
    return [
      `services.${service}${where}: unknown service: nothing in this application calls it ` +
        `(known: ${known || 'none'})`,
    ];
  }
  const bySection = new Map<string, string[]>();
  for (const [key, origin] of Object.entries(own)) {
    if (origin.layer === 'base') continue;
    const [section, name] = key.split('.') as [string, string];
    bySection.set(section, [
      ...(bySection.get(section) ?? []),
      describeKey(name, origin),
    ]);
  }
  const called = guarded.services().join(', ') || 'none';
  return [...bySection].map(
    ([section, keys]) =>
      `services.${service}.${section} is set (${keys.join(', ')}) but nothing in this ` +
      `application calls ${service} as it is configured now (services called: ${called}); ` +
      `remove the setting`,
  );
}

/**
 * The keys a service sets itself, with their origins; for settings built without origins,
 * every key whose value differs from the defaults.
 */
function ownKeys(
  settings: ResolvedResilienceSettings,
  service: string,
): OwnKeys {
  const recorded = settings.origins?.services[service];
  if (recorded !== undefined || settings.origins !== undefined)
    return recorded ?? {};
  const keys: Record<string, ResilienceKeyOrigin> = {};
  const resolved = settings.services[service]!;
  for (const [section, values] of Object.entries(resolved)) {
    const defaults = settings.defaults[
      section as keyof typeof resolved
    ] as object;
    for (const [key, value] of Object.entries(values as object)) {
      if ((defaults as Record<string, unknown>)[key] !== value) {
        keys[`${section}.${key}`] = { layer: 'base', source: 'configuration' };
      }
    }
  }
  return keys;
}

function describeKey(key: string, origin: ResilienceKeyOrigin): string {
  return `${key} ${describeOrigin(origin)}`;
}

function decoratorCall(layer: GuardedLayer, service: string): string {
  const name = layer === 'timeout' ? '@CircuitBreaker' : DECORATOR[layer];
  return `${name}('${service}')`;
}
