import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import type { ServiceResilienceSettings } from './resilience-settings.interface.js';

/** Prefix of the per-key override variables; a double underscore separates every segment. */
export const RESILIENCE_ENV_PREFIX = 'RESILIENCE__';

type SectionName = keyof ServiceResilienceSettings;
type RawSection = Record<string, unknown>;
type RawServiceSettings = Partial<Record<SectionName, RawSection>>;

/** Overrides read from the environment, in the file's shape, values coerced but not yet validated. */
export interface ResilienceEnvOverrides {
  /** `defaults` and `services.<name>`, as in the configuration file. */
  readonly overrides: {
    defaults?: RawServiceSettings;
    services?: Record<string, RawServiceSettings>;
  };
  /** The variable behind each overridden key path (`services.product-service.retry.backoff`). */
  readonly sources: ReadonlyMap<string, string>;
  /** One line per variable that names no setting (malformed, unknown service, section or key). */
  readonly problems: readonly string[];
}

/** `timeoutMs` → `TIMEOUT_MS`, `product-service` → `PRODUCT_SERVICE`. */
function toEnvSegment(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replaceAll('-', '_')
    .toUpperCase();
}

/**
 * Name of the variable overriding one key: `RESILIENCE__<SCOPE>__<SECTION>__<KEY>`, the scope
 * being `DEFAULTS` or the service name in SCREAMING_SNAKE_CASE.
 * @example resilienceEnvVariableName('product-service', 'circuitBreaker', 'timeoutMs')
 *   // 'RESILIENCE__PRODUCT_SERVICE__CIRCUIT_BREAKER__TIMEOUT_MS'
 */
export function resilienceEnvVariableName(
  service: string,
  section: SectionName,
  key: string,
): string {
  return `${RESILIENCE_ENV_PREFIX}${toEnvSegment(service)}__${toEnvSegment(section)}__${toEnvSegment(key)}`;
}

const SECTIONS_BY_SEGMENT = new Map(
  (Object.keys(RESILIENCE_DEFAULTS) as SectionName[]).map((section) => [
    toEnvSegment(section),
    section,
  ]),
);

function keysBySegment(section: SectionName): Map<string, string> {
  return new Map(
    Object.keys(RESILIENCE_DEFAULTS[section]).map((key) => [
      toEnvSegment(key),
      key,
    ]),
  );
}

/**
 * Coerces a variable's text to the type of the key's default. Text that does not convert stays
 * text, so the schema reports it with the allowed values.
 */
function coerce(text: string, like: unknown): unknown {
  const value = text.trim();
  if (typeof like === 'number') {
    return /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : value;
  }
  if (typeof like === 'boolean') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return value;
  }
  // Enum values are lower-case; shells and CI variables are often written in capitals.
  return value.toLowerCase();
}

const SHAPE = `${RESILIENCE_ENV_PREFIX}<DEFAULTS or SERVICE_NAME>__<SECTION>__<KEY>`;

/**
 * Reads the `RESILIENCE__<SCOPE>__<SECTION>__<KEY>` variables of `env`. Segments are matched
 * case-insensitively; a service segment maps to the kebab-case name (`PRODUCT_SERVICE` →
 * `product-service`), which must be declared in the file. Empty values count as unset, as
 * compose and dotenv files produce them for keys left blank.
 */
export function readResilienceEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
  knownServices: readonly string[],
): ResilienceEnvOverrides {
  const overrides: ResilienceEnvOverrides['overrides'] = {};
  const sources = new Map<string, string>();
  const problems: string[] = [];
  const names = Object.keys(env)
    .filter((name) => name.startsWith(RESILIENCE_ENV_PREFIX))
    .sort();
  for (const variable of names) {
    const text = env[variable];
    if (text === undefined || text.trim() === '') {
      continue;
    }
    const segments = variable.slice(RESILIENCE_ENV_PREFIX.length).split('__');
    const [scopeSegment, sectionSegment, keySegment] = segments;
    if (
      segments.length !== 3 ||
      !scopeSegment ||
      sectionSegment === undefined ||
      keySegment === undefined
    ) {
      problems.push(
        `${variable}: expected ${SHAPE}, for example ` +
          resilienceEnvVariableName(
            'product-service',
            'circuitBreaker',
            'timeoutMs',
          ),
      );
      continue;
    }
    const section = SECTIONS_BY_SEGMENT.get(sectionSegment.toUpperCase());
    if (section === undefined) {
      const allowed = [...SECTIONS_BY_SEGMENT.keys()].join(', ');
      problems.push(
        `${variable}: unknown section ${sectionSegment} (allowed: ${allowed})`,
      );
      continue;
    }
    const keys = keysBySegment(section);
    const key = keys.get(keySegment.toUpperCase());
    if (key === undefined) {
      const allowed = [...keys.keys()].join(', ');
      problems.push(
        `${variable}: unknown key ${keySegment} in ${sectionSegment} (allowed: ${allowed})`,
      );
      continue;
    }
    let target: RawServiceSettings;
    let path: string;
    if (scopeSegment.toUpperCase() === 'DEFAULTS') {
      target = overrides.defaults ??= {};
      path = 'defaults';
    } else {
      const service = scopeSegment.toLowerCase().replaceAll('_', '-');
      if (!knownServices.includes(service)) {
        const known =
          knownServices.length > 0 ? knownServices.join(', ') : 'none';
        problems.push(
          `${variable}: no service "${service}" in the configuration file (known: ${known}); ` +
            `declare it under services first`,
        );
        continue;
      }
      const services = (overrides.services ??= {});
      target = services[service] ??= {};
      path = `services.${service}`;
    }
    (target[section] ??= {})[key] = coerce(
      text,
      RESILIENCE_DEFAULTS[section][key as never],
    );
    sources.set(`${path}.${section}.${key}`, variable);
  }
  return { overrides, sources, problems };
}
