/**
 * Base class of every error the library throws.
 *
 * The `code` is a stable, namespaced string (`RESILIENCE.CIRCUIT_OPEN`). It doubles as the brand
 * that the `isX()` guards check, so an error keeps its identity across duplicate copies of the
 * package and after a round trip through JSON between processes.
 */
export abstract class ResilienceError extends Error {
  /** Stable, namespaced identifier of the condition, for example `RESILIENCE.CIRCUIT_OPEN`. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Whether `value` carries the given stable error code, whatever class or process made it: the
 * check behind the library's `isX()` guards, for the guards of an application's own errors.
 */
export function hasErrorCode(value: unknown, code: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { code?: unknown }).code === code
  );
}
