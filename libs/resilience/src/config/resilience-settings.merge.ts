import type { ReadonlyServiceResilienceSettings } from './resilience-defaults.constants.js';
import type {
  DeepPartial,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';

type SectionName = keyof ServiceResilienceSettings;
/** A subset of a service's settings, as a layer of the merge; `null` and `undefined` are empty. */
export type ServiceSettingsLayer =
  DeepPartial<ServiceResilienceSettings> | null | undefined;

const SECTION_NAMES: readonly SectionName[] = [
  'circuitBreaker',
  'retry',
  'bulkhead',
];

/**
 * A new, mutable copy of `base` with each layer merged over it in order, key by key. An
 * `undefined` value leaves the key as it was, so a decorator may pass through unset options.
 */
export function mergeServiceSettings(
  base: ReadonlyServiceResilienceSettings,
  ...layers: readonly ServiceSettingsLayer[]
): ServiceResilienceSettings {
  const merged = {
    circuitBreaker: { ...base.circuitBreaker },
    retry: { ...base.retry },
    bulkhead: { ...base.bulkhead },
  };
  for (const layer of layers) {
    for (const section of SECTION_NAMES) {
      const values = layer?.[section];
      if (values === undefined) {
        continue;
      }
      const target = merged[section] as Record<string, unknown>;
      for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) {
          target[key] = value;
        }
      }
    }
  }
  return merged;
}

/** The keys a layer sets, as `section.key` (`retry.maxAttempts`). */
export function settingsLayerKeys(layer: ServiceSettingsLayer): string[] {
  return SECTION_NAMES.flatMap((section) =>
    Object.entries(layer?.[section] ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key]) => `${section}.${key}`),
  );
}

/** Freezes a service's settings and their sections, so a shared resolved copy stays as loaded. */
export function freezeServiceSettings(
  settings: ServiceResilienceSettings,
): ServiceResilienceSettings {
  for (const section of SECTION_NAMES) {
    Object.freeze(settings[section]);
  }
  return Object.freeze(settings);
}
