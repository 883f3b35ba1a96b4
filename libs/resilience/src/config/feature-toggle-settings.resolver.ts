import { readFeatureEnvOverrides } from './feature-toggle-env.parser.js';
import type { FeatureTogglesFile } from './feature-toggle-settings.schema.js';
import type {
  ResilienceConfigLayer,
  ResilienceKeyOrigin,
  ResolvedFeatureToggleSettings,
} from './resilience-settings.interface.js';

/** The `features` section of one validated file, as a layer of {@link resolveFeatureToggles}. */
export interface FeatureTogglesLayer {
  readonly features: FeatureTogglesFile | undefined;
  readonly layer: Exclude<ResilienceConfigLayer, 'env'>;
  /** The file path, or `config` for settings given in code. */
  readonly source: string;
}

/** The resolved toggles, or what is wrong with the variables that set them. */
export interface ResolvedFeatureToggles {
  readonly features: Readonly<Record<string, ResolvedFeatureToggleSettings>>;
  readonly problems: readonly string[];
}

interface Draft {
  enabled?: boolean;
  enabledOrigin?: ResilienceKeyOrigin;
  description?: string;
  declaredInBase: boolean;
  declaredIn: string[];
}

/**
 * Layers the `features` sections of the files key by key (a later file's `enabled` or
 * `description` replaces an earlier one's; a toggle only a later file declares is added), then
 * applies the `FEATURE__<NAME>` variables, which may only switch toggles a file declares. A
 * toggle nothing sets `enabled` for is on.
 */
export function resolveFeatureToggles(
  layers: readonly FeatureTogglesLayer[],
  env: Readonly<Record<string, string | undefined>>,
): ResolvedFeatureToggles {
  const drafts = new Map<string, Draft>();
  for (const { features, layer, source } of layers) {
    for (const [name, settings] of Object.entries(features ?? {})) {
      const draft = drafts.get(name) ?? {
        declaredInBase: false,
        declaredIn: [],
      };
      drafts.set(name, draft);
      if (layer === 'base') draft.declaredInBase = true;
      if (!draft.declaredIn.includes(source)) draft.declaredIn.push(source);
      if (settings?.enabled !== undefined) {
        draft.enabled = settings.enabled;
        draft.enabledOrigin = { layer, source };
      }
      if (settings?.description !== undefined) {
        draft.description = settings.description;
      }
    }
  }
  const fromEnv = readFeatureEnvOverrides(env, [...drafts.keys()]);
  for (const [name, { enabled, variable }] of fromEnv.overrides) {
    const draft = drafts.get(name)!;
    draft.enabled = enabled;
    draft.enabledOrigin = { layer: 'env', source: variable };
  }
  const features: Record<string, ResolvedFeatureToggleSettings> = {};
  for (const [name, draft] of [...drafts].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    features[name] = Object.freeze({
      enabled: draft.enabled ?? true,
      ...(draft.description === undefined
        ? {}
        : { description: draft.description }),
      ...(draft.enabledOrigin === undefined
        ? {}
        : { enabledOrigin: draft.enabledOrigin }),
      declaredInBase: draft.declaredInBase,
      declaredIn: Object.freeze([...draft.declaredIn]),
    });
  }
  return { features: Object.freeze(features), problems: fromEnv.problems };
}
