import type { FeatureToggleRecord } from '@nest-resilience/resilience';

/**
 * A runtime toggle value as stored in Redis (JSON), or `undefined` when it is not one: a value
 * written by hand or by another version is ignored rather than trusted.
 */
export function parseFeatureToggleRecord(
  text: unknown,
): FeatureToggleRecord | undefined {
  if (typeof text !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, enabled, changedBy, changedAt, version } = value as Record<
    string,
    unknown
  >;
  if (
    typeof name !== 'string' ||
    typeof enabled !== 'boolean' ||
    typeof changedBy !== 'string' ||
    typeof changedAt !== 'string' ||
    typeof version !== 'number' ||
    !Number.isSafeInteger(version)
  ) {
    return undefined;
  }
  return { name, enabled, changedBy, changedAt, version };
}
