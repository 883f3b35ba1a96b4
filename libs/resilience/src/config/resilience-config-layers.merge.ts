import type {
  ResilienceConfigLayer,
  ResilienceKeyOrigin,
  ResilienceSettingsOrigins,
} from './resilience-settings.interface.js';
import type {
  PartialServiceSettings,
  ResilienceFile,
} from './resilience-settings.schema.js';

/** One validated configuration document, as a layer of {@link layerResilienceFiles}. */
export interface ResilienceFileLayer {
  /** The document, in the file's shape. */
  readonly file: ResilienceFile;
  /** Which layer it is: the application's own file, the user's file, or the environment. */
  readonly layer: ResilienceConfigLayer;
  /**
   * Where the value at a key path (`services.product-service.retry.maxAttempts`) came from:
   * the file path, or the variable for the environment.
   */
  readonly sourceOf: (path: string) => string;
}

/** The layers merged into one document, and where each set key came from. */
export interface LayeredResilienceFile {
  readonly file: ResilienceFile;
  readonly origins: ResilienceSettingsOrigins;
}

/**
 * Merges configuration documents key by key, later layers over earlier ones: a service or a
 * section a layer does not mention keeps the earlier layers' values, and a service only a later
 * layer declares is added. Resolving the result gives each key the first value of: the
 * service's own (last layer that sets it), then `defaults` (last layer that sets it), then the
 * built-in defaults, so a service's own value beats every default, wherever it was set.
 */
export function layerResilienceFiles(
  layers: readonly ResilienceFileLayer[],
): LayeredResilienceFile {
  let defaults: PartialServiceSettings | undefined;
  const services: Record<string, PartialServiceSettings> = {};
  const own: Record<string, Record<string, ResilienceKeyOrigin>> = {};
  for (const { file, layer, sourceOf } of layers) {
    if (file.defaults !== undefined) {
      defaults = mergeSections(defaults, file.defaults);
    }
    for (const [name, settings] of Object.entries(file.services ?? {})) {
      services[name] = mergeSections(services[name], settings);
      const keys = (own[name] ??= {});
      for (const key of setKeys(settings)) {
        keys[key] = { layer, source: sourceOf(`services.${name}.${key}`) };
      }
    }
  }
  const base = layers.filter(({ layer }) => layer === 'base');
  return {
    file: { ...(defaults ? { defaults } : {}), services },
    origins: {
      services: own,
      baseServices: [
        ...new Set(
          base.flatMap(({ file }) => Object.keys(file.services ?? {})),
        ),
      ],
    },
  };
}

function mergeSections(
  target: PartialServiceSettings | undefined,
  layer: PartialServiceSettings | null,
): PartialServiceSettings {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const source of [target, layer]) {
    for (const [section, values] of Object.entries(source ?? {})) {
      if (values === undefined) continue;
      merged[section] = { ...merged[section], ...definedEntries(values) };
    }
  }
  return merged as PartialServiceSettings;
}

/** The keys a document's service sets, as `section.key`. */
function setKeys(settings: PartialServiceSettings | null): string[] {
  return Object.entries(settings ?? {}).flatMap(([section, values]) =>
    Object.keys(definedEntries(values ?? {})).map((key) => `${section}.${key}`),
  );
}

function definedEntries(values: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  );
}
