import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import { assertKnownService } from './known-service.check.js';
import { readResilienceConfigFile } from './resilience-config-file.reader.js';
import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import { readResilienceEnvOverrides } from './resilience-env.parser.js';
import { formatSettingsIssues } from './resilience-issue.formatter.js';
import type {
  DeepPartial,
  ResolvedResilienceSettings,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';
import {
  freezeServiceSettings,
  mergeServiceSettings,
  settingsLayerKeys,
  type ServiceSettingsLayer,
} from './resilience-settings.merge.js';
import {
  partialServiceSettingsSchema,
  resilienceFileSchema,
  serviceSettingsSchema,
  type ResilienceFile,
  type ServiceSettingsRuleParams,
} from './resilience-settings.schema.js';

/** Where {@link loadResilienceSettings} reads from. */
export interface LoadResilienceSettingsOptions {
  /** YAML or JSON file to read; relative to the working directory. Unset: built-in defaults only. */
  readonly file?: string;
  /**
   * The configuration itself, in the file's shape (`{ defaults, services }`), instead of a
   * file; validated the same way. Giving both is a configuration error.
   */
  readonly config?: unknown;
  /** Variables holding `RESILIENCE__*` overrides; others are ignored. @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const PARSE = { reportInput: true } as const;

/**
 * Loads, merges and validates the per-service resilience configuration. Each key of a service
 * takes the first value set in this list, most specific first:
 *
 * 1. decorator overrides (only through `resolveService`)
 * 2. `RESILIENCE__<SERVICE>__<SECTION>__<KEY>` variables
 * 3. the file's `services.<name>`
 * 4. `RESILIENCE__DEFAULTS__<SECTION>__<KEY>` variables
 * 5. the file's `defaults`
 * 6. the built-in defaults (`RESILIENCE_DEFAULTS`)
 *
 * So the environment beats the file at the same level, and a service's own value beats every
 * default, wherever that default came from.
 * @throws ResilienceConfigurationError listing every problem, each naming the service (or
 *   `defaults`), the key path, the allowed values and, for variables, the variable
 */
export function loadResilienceSettings(
  options: LoadResilienceSettingsOptions = {},
): ResolvedResilienceSettings {
  const problems: string[] = [];
  if (options.file !== undefined && options.config !== undefined) {
    throw new ResilienceConfigurationError([
      'loadResilienceSettings: give a file or a config, not both',
    ]);
  }
  const raw =
    options.config ??
    (options.file === undefined ? {} : readResilienceConfigFile(options.file));

  const fromFile = resilienceFileSchema.safeParse(raw, PARSE);
  if (!fromFile.success) {
    problems.push(...formatSettingsIssues(fromFile.error.issues));
  }
  const knownServices = Object.keys(
    fromFile.data?.services ?? rawServices(raw),
  );

  const env = readResilienceEnvOverrides(options.env ?? {}, knownServices);
  problems.push(...env.problems);
  const fromEnv = resilienceFileSchema.safeParse(env.overrides, PARSE);
  if (!fromEnv.success) {
    const annotate = (path: readonly PropertyKey[]) => {
      const variable = env.sources.get(path.map(String).join('.'));
      return variable === undefined ? undefined : `from ${variable}`;
    };
    problems.push(...formatSettingsIssues(fromEnv.error.issues, { annotate }));
  }
  if (problems.length > 0 || !fromFile.success || !fromEnv.success) {
    throw new ResilienceConfigurationError(problems);
  }

  const resolved = resolveAll(
    fromFile.data,
    fromEnv.data,
    knownServices,
    problems,
  );
  if (problems.length > 0) {
    throw new ResilienceConfigurationError(problems);
  }
  return resolved;
}

/** Service names of a file that failed validation, so variables are still checked against them. */
function rawServices(raw: unknown): object {
  const services = (raw as { services?: unknown } | null)?.services;
  return typeof services === 'object' &&
    services !== null &&
    !Array.isArray(services)
    ? services
    : {};
}

function resolveAll(
  file: ResilienceFile,
  env: ResilienceFile,
  serviceNames: readonly string[],
  problems: string[],
): ResolvedResilienceSettings {
  const defaults = mergeServiceSettings(
    RESILIENCE_DEFAULTS,
    file.defaults,
    env.defaults,
  );
  problems.push(...checkMerged('defaults', defaults));

  const services: Record<string, ServiceResilienceSettings> = {};
  for (const name of serviceNames) {
    const layers = [file.services?.[name], env.services?.[name]];
    const settings = mergeServiceSettings(defaults, ...layers);
    // A rule broken by inherited values alone is the defaults' problem, reported once there.
    const ownKeys = new Set(layers.flatMap(settingsLayerKeys));
    problems.push(...checkMerged(name, settings, ownKeys));
    services[name] = freezeServiceSettings(settings);
  }

  const result: ResolvedResilienceSettings = {
    defaults: freezeServiceSettings(defaults),
    services: Object.freeze(services),
    resolveService: (name, overrides, where) =>
      resolveService(result, name, overrides, where),
  };
  return Object.freeze(result);
}

/**
 * Problems of a merged service, optionally only those of rules reading one of `ownKeys`.
 */
function checkMerged(
  service: string,
  settings: ServiceResilienceSettings,
  ownKeys?: ReadonlySet<string>,
  where?: string,
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
    annotate: where === undefined ? undefined : () => `in ${where}`,
  });
}

function resolveService(
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
  const problems = checkMerged(name, merged, undefined, where);
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
