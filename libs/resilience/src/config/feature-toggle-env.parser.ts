/** Prefix of the feature toggle variables: `FEATURE__<NAME>=true|false`. */
export const FEATURE_ENV_PREFIX = 'FEATURE__';

/** One `FEATURE__<NAME>` variable, read. */
export interface FeatureEnvOverride {
  readonly enabled: boolean;
  /** The variable's name, for messages and origins. */
  readonly variable: string;
}

/** What {@link readFeatureEnvOverrides} found. */
export interface FeatureEnvOverrides {
  /** By feature name (kebab-case). */
  readonly overrides: ReadonlyMap<string, FeatureEnvOverride>;
  /** One line per variable that names no declared feature or holds no boolean. */
  readonly problems: readonly string[];
}

/**
 * Name of the variable that switches one feature: `recommendations` →
 * `FEATURE__RECOMMENDATIONS`, `product-availability-check` → `FEATURE__PRODUCT_AVAILABILITY_CHECK`.
 */
export function featureEnvVariableName(feature: string): string {
  return `${FEATURE_ENV_PREFIX}${feature.replaceAll('-', '_').toUpperCase()}`;
}

/**
 * Reads the `FEATURE__<NAME>` variables of `env`. The name maps to the kebab-case feature
 * (`PRODUCT_AVAILABILITY_CHECK` → `product-availability-check`), which a file must declare;
 * values are `true` / `false` (or `1` / `0`, any case). Empty values count as unset, as compose
 * and dotenv files produce them for keys left blank.
 */
export function readFeatureEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
  declared: readonly string[],
): FeatureEnvOverrides {
  const overrides = new Map<string, FeatureEnvOverride>();
  const problems: string[] = [];
  const variables = Object.keys(env)
    .filter((name) => name.toUpperCase().startsWith(FEATURE_ENV_PREFIX))
    .sort();
  for (const variable of variables) {
    const text = env[variable]?.trim();
    if (text === undefined || text === '') continue;
    const segment = variable.slice(FEATURE_ENV_PREFIX.length);
    const feature = segment.toLowerCase().replaceAll('_', '-');
    if (!declared.includes(feature)) {
      const known = declared.length > 0 ? declared.join(', ') : 'none';
      problems.push(
        `${variable}: no feature "${feature}" under features in the configuration ` +
          `(declared: ${known}); declare it there first`,
      );
      continue;
    }
    const enabled = readBoolean(text);
    if (enabled === undefined) {
      problems.push(
        `${variable}: must be true or false (got ${JSON.stringify(text)})`,
      );
      continue;
    }
    overrides.set(feature, { enabled, variable });
  }
  return { overrides, problems };
}

function readBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === '1') return true;
  if (lower === 'false' || lower === '0') return false;
  return undefined;
}
