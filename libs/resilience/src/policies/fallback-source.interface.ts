/**
 * Computes a stand-in result from the error and the call's arguments. The wiring turns "a
 * method of the same class" into one of these.
 */
export type FallbackFunction = (
  error: unknown,
  args: readonly unknown[],
) => unknown;

/** Turns a call's arguments into the key its last good result is stored under. */
export type FallbackKeyFunction = (args: readonly unknown[]) => string;

/** A fixed stand-in result, the same for every call. */
export interface ValueFallbackSource {
  kind: 'value';
  value: unknown;
}

/** A stand-in computed by a function; a throw or rejection moves on to the next source. */
export interface FunctionFallbackSource {
  kind: 'function';
  run: FallbackFunction;
}

/**
 * The last successful result of a call with the same arguments. Every success fills a bounded,
 * least-recently-used cache; a miss (or an entry too old) moves on to the next source.
 */
export interface LastGoodFallbackSource {
  kind: 'last-good';
  /** Results kept, least recently used dropped first. @default 100 */
  maxEntries?: number;
  /** A result older than this is not served; omitted means no age limit. */
  maxAgeMs?: number;
  /**
   * Key of a call's arguments. A key that throws (a cycle, a `BigInt`) means the call is
   * neither stored nor served. @default JSON.stringify
   */
  key?: FallbackKeyFunction;
}

/** One link of a fallback chain. */
export type FallbackSource =
  ValueFallbackSource | FunctionFallbackSource | LastGoodFallbackSource;

/** Which kind of source served a fallback result. */
export type FallbackSourceKind = FallbackSource['kind'];

/** What is known about a result a fallback served instead of the real one. */
export interface FallbackInfo {
  /** Name of the guarded dependency or method. */
  name: string;
  /** The source that served the result. */
  source: FallbackSourceKind;
  /** The error that made the call fall back. */
  error: unknown;
}
