import { ResilienceConfigurationError } from '../errors/resilience-configuration.error.js';
import {
  resolveFeatureToggles,
  type FeatureTogglesLayer,
} from './feature-toggle-settings.resolver.js';
import { readResilienceConfigFile } from './resilience-config-file.reader.js';
import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import { readResilienceEnvOverrides } from './resilience-env.parser.js';
import {
  describeOrigin,
  formatSettingsIssues,
} from './resilience-issue.formatter.js';
import {
  layerResilienceFiles,
  type LayeredResilienceFile,
  type ResilienceFileLayer,
} from './resilience-config-layers.merge.js';
import type {
  ResolvedFeatureToggleSettings,
  ResolvedResilienceSettings,
  ServiceResilienceSettings,
} from './resilience-settings.interface.js';
import {
  freezeServiceSettings,
  mergeServiceSettings,
  settingsLayerKeys,
} from './resilience-settings.merge.js';
import { checkMerged, resolveService } from './resilience-service.resolver.js';
import { resilienceFileSchema } from './resilience-settings.schema.js';

/** Where {@link loadResilienceSettings} reads from. */
export interface LoadResilienceSettingsOptions {
  /**
   * The application's own configuration file (the one it ships), which `file` or `config` is
   * layered over key by key: services and keys the user's file does not mention keep the values
   * of this one. Unset: `file` or `config` alone.
   */
  readonly baseFile?: string;
  /** YAML or JSON file to read; relative to the working directory. Unset: built-in defaults only. */
  readonly file?: string;
  /**
   * The configuration itself, in the file's shape (`{ defaults, services }`), instead of a
   * file; validated the same way. Giving both is a configuration error.
   */
  readonly config?: unknown;
  /**
   * Variables holding `RESILIENCE__*` overrides and `FEATURE__<NAME>` toggles; others are
   * ignored. @default {}
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const PARSE = { reportInput: true } as const;

/** One configuration document before validation. */
interface RawLayer {
  readonly raw: unknown;
  readonly layer: 'base' | 'overlay';
  readonly source: string;
}

/**
 * Loads, layers and validates the per-service resilience configuration. The base file, the
 * user's file (or `config`) and the `RESILIENCE__*` variables are merged key by key in that
 * order; then each key of a service takes the first value set in this list:
 *
 * 1. decorator overrides (only through `resolveService`)
 * 2. the service's own value: `RESILIENCE__<SERVICE>__<SECTION>__<KEY>`, else the user's file's
 *    `services.<name>`, else the base file's
 * 3. the defaults: `RESILIENCE__DEFAULTS__<SECTION>__<KEY>`, else the user's file's `defaults`,
 *    else the base file's
 * 4. the built-in defaults (`RESILIENCE_DEFAULTS`)
 *
 * So a later layer beats an earlier one at the same level, and a service's own value beats
 * every default, wherever that default came from. Each file is validated on its own, then the
 * merged result; a user's file may declare a service the base file does not (the boot checks
 * that something calls it). The `features` toggles are layered the same way (a later file's
 * `enabled` wins), then a `FEATURE__<NAME>` variable switches a toggle a file declares.
 * @throws ResilienceConfigurationError listing every problem, each naming the service (or
 *   `defaults`), the key path, the allowed values and, for variables, the variable (with two
 *   files, the file)
 */
export function loadResilienceSettings(
  options: LoadResilienceSettingsOptions = {},
): ResolvedResilienceSettings {
  if (options.file !== undefined && options.config !== undefined) {
    throw new ResilienceConfigurationError([
      'loadResilienceSettings: give a file or a config, not both',
    ]);
  }
  const raws = rawLayers(options);
  const layered = raws.length > 1;
  const problems: string[] = [];
  const documents: ResilienceFileLayer[] = [];
  const featureLayers: FeatureTogglesLayer[] = [];
  const knownServices = new Set<string>();
  for (const { raw, layer, source } of raws) {
    const parsed = resilienceFileSchema.safeParse(raw, PARSE);
    if (parsed.success) {
      documents.push({ file: parsed.data, layer, sourceOf: () => source });
      featureLayers.push({ features: parsed.data.features, layer, source });
    } else {
      const annotate = layered ? () => `in ${source}` : undefined;
      problems.push(...formatSettingsIssues(parsed.error.issues, { annotate }));
    }
    const services = parsed.data?.services ?? rawServices(raw);
    Object.keys(services).forEach((name) => knownServices.add(name));
  }

  const env = readResilienceEnvOverrides(options.env ?? {}, [...knownServices]);
  problems.push(...env.problems);
  const fromEnv = resilienceFileSchema.safeParse(env.overrides, PARSE);
  const envSource = (path: readonly PropertyKey[] | string) =>
    env.sources.get(
      typeof path === 'string' ? path : path.map(String).join('.'),
    );
  if (fromEnv.success) {
    const sourceOf = (path: string) => envSource(path) ?? 'environment';
    documents.push({ file: fromEnv.data, layer: 'env', sourceOf });
  } else {
    const annotate = (path: readonly PropertyKey[]) => {
      const variable = envSource(path);
      return variable === undefined ? undefined : `from ${variable}`;
    };
    problems.push(...formatSettingsIssues(fromEnv.error.issues, { annotate }));
  }
  if (problems.length > 0) {
    throw new ResilienceConfigurationError(problems);
  }

  const toggles = resolveFeatureToggles(featureLayers, options.env ?? {});
  problems.push(...toggles.problems);
  const merged = layerResilienceFiles(documents);
  const resolved = resolveAll(merged, layered, problems, toggles.features);
  if (problems.length > 0) {
    throw new ResilienceConfigurationError(problems);
  }
  return resolved;
}

/** The base file, then the user's file or `config`, read but not yet validated. */
function rawLayers(options: LoadResilienceSettingsOptions): RawLayer[] {
  const raws: RawLayer[] = [];
  if (options.baseFile !== undefined) {
    const raw = readResilienceConfigFile(options.baseFile);
    raws.push({ raw, layer: 'base', source: options.baseFile });
  }
  const layer = raws.length > 0 ? 'overlay' : 'base';
  if (options.config !== undefined) {
    raws.push({ raw: options.config, layer, source: 'config' });
  } else if (options.file !== undefined) {
    const raw = readResilienceConfigFile(options.file);
    raws.push({ raw, layer, source: options.file });
  }
  return raws;
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
  { file, origins }: LayeredResilienceFile,
  layered: boolean,
  problems: string[],
  features: Readonly<Record<string, ResolvedFeatureToggleSettings>>,
): ResolvedResilienceSettings {
  const defaults = mergeServiceSettings(RESILIENCE_DEFAULTS, file.defaults);
  problems.push(...checkMerged('defaults', defaults));

  const services: Record<string, ServiceResilienceSettings> = {};
  for (const [name, layer] of Object.entries(file.services ?? {})) {
    const settings = mergeServiceSettings(defaults, layer);
    // A rule broken by inherited values alone is the defaults' problem, reported once there.
    const ownKeys = new Set(settingsLayerKeys(layer));
    const own = origins.services[name] ?? {};
    const annotate = layered
      ? (path: readonly PropertyKey[]) => {
          const origin = own[path.slice(2).map(String).join('.')];
          return origin === undefined ? undefined : describeOrigin(origin);
        }
      : undefined;
    problems.push(...checkMerged(name, settings, ownKeys, annotate));
    services[name] = freezeServiceSettings(settings);
  }

  const result: ResolvedResilienceSettings = {
    defaults: freezeServiceSettings(defaults),
    services: Object.freeze(services),
    origins,
    features,
    resolveService: (name, overrides, where) =>
      resolveService(result, name, overrides, where),
  };
  return Object.freeze(result);
}
