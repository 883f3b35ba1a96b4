import { readFileSync } from 'node:fs';
import { RESILIENCE_DEFAULTS } from './resilience-defaults.constants.js';
import { serviceSettingsSchema } from './resilience-settings.schema.js';

/** The `@default` tags of one interface of the settings file, by key. */
function documentedDefaults(
  source: string,
  interfaceName: string,
): Record<string, unknown> {
  const body = new RegExp(
    `interface ${interfaceName} \\{([\\s\\S]*?)\\n\\}`,
  ).exec(source)?.[1];
  if (body === undefined) {
    throw new Error(`interface ${interfaceName} not found`);
  }
  const tagged = /@default ([^*\n]+?)\s*\*\/\s*\n\s*(\w+):/g;
  return Object.fromEntries(
    [...body.matchAll(tagged)].map(([, value, key]) => [
      key,
      JSON.parse((value as string).replaceAll("'", '"')) as unknown,
    ]),
  );
}

describe('RESILIENCE_DEFAULTS', () => {
  const source = readFileSync(
    new URL('./resilience-settings.interface.ts', import.meta.url),
    'utf8',
  );

  it.each([
    ['circuitBreaker', 'CircuitBreakerSettings'],
    ['retry', 'RetrySettings'],
    ['bulkhead', 'BulkheadSettings'],
  ] as const)(
    'holds exactly the @default tags of %s',
    (section, interfaceName) => {
      expect(RESILIENCE_DEFAULTS[section]).toStrictEqual(
        documentedDefaults(source, interfaceName),
      );
    },
  );

  it('passes its own schema, cross-key rules included', () => {
    expect(serviceSettingsSchema.safeParse(RESILIENCE_DEFAULTS).success).toBe(
      true,
    );
  });

  it('cannot be changed by a consumer', () => {
    expect(Object.isFrozen(RESILIENCE_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(RESILIENCE_DEFAULTS.retry)).toBe(true);
    expect(() => {
      (RESILIENCE_DEFAULTS.retry as { maxAttempts: number }).maxAttempts = 9;
    }).toThrow(TypeError);
  });
});
