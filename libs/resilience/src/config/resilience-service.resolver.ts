import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { assertKnownService } from './known-service.check.js';
import { formatSettingsIssues } from './resilience-issue.formatter.js';
import type {
  DeepPartial,
  ResolvedResilienceSettings,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';
import {
  mergeServiceSettings,
  type ServiceSettingsLayer,
} from './resilience-settings.merge.js';
import {
  partialServiceSettingsSchema,
  serviceSettingsSchema,
  type ServiceSettingsRuleParams,
} from './resilience-settings.schema.js';

const PARSE = { reportInput: true } as const;

/**
 * Problems of a merged service (or of `defaults`), one line each, optionally only those of rules
 * reading one of `ownKeys`; `annotate` says where the value at a path came from.
 */
export function checkMerged(
  service: string,
  settings: ServiceResilienceSettings,
  ownKeys?: ReadonlySet<string>,
  annotate?: (path: readonly PropertyKey[]) => string | undefined,
): string[] {
  const checked = serviceSettingsSchema.safeParse(settings, PARSE);
  if (checked.success) {
    return [];
  }
  const issues = checked.error.issues.filter((issue) => {
    const keys = (issue as { params?: ServiceSettingsRuleParams }).params?.keys;
    return (
      ownKeys === undefined ||
      keys === undefined ||
      keys.some((key) => ownKeys.has(key))
    );
  });
  return formatSettingsIssues(issues, {
    prefix: service === 'defaults' ? ['defaults'] : ['services', service],
    annotate,
  });
}

/**
 * A fresh copy of one service's settings with a decorator's `overrides` merged over them, as
 * `ResolvedResilienceSettings.resolveService` gives it.
 * @throws ResilienceConfigurationError for an undeclared service or an invalid override, naming
 *   `where`
 */
export function resolveService(
  settings: ResolvedResilienceSettings,
  name: string,
  overrides: DeepPartial<ServiceResilienceSettings> | undefined,
  where = `resolveService("${name}")`,
): ServiceResilienceSettings {
  assertKnownService(settings, name, where);
  const base = settings.services[name] as ServiceResilienceSettings;
  if (overrides === undefined) {
    return mergeServiceSettings(base);
  }
  const layer = dropUndefined(overrides);
  const checked = partialServiceSettingsSchema.safeParse(layer, PARSE);
  if (!checked.success) {
    throw new ResilienceConfigurationError(
      formatSettingsIssues(checked.error.issues, {
        prefix: ['services', name],
        annotate: () => `in ${where}`,
      }),
    );
  }
  const merged = mergeServiceSettings(base, checked.data);
  const problems = checkMerged(name, merged, undefined, () => `in ${where}`);
  if (problems.length > 0) {
    throw new ResilienceConfigurationError(problems);
  }
  return merged;
}

/** Decorators pass unset options as `undefined`; they mean "not overridden", not a bad value. */
function dropUndefined(
  overrides: DeepPartial<ServiceResilienceSettings>,
): ServiceSettingsLayer {
  const layer: Record<string, unknown> = {};
  for (const [section, values] of Object.entries(overrides)) {
    if (values === undefined) {
      continue;
    }
    layer[section] =
      typeof values === 'object' && values !== null
        ? Object.fromEntries(
            Object.entries(values).filter(([, value]) => value !== undefined),
          )
        : values;
  }
  return layer as ServiceSettingsLayer;
}
