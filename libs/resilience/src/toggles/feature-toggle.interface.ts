/**
 * Where a toggle's current value comes from: `default` (declared without `enabled`, so on),
 * `config` (a file or a `FEATURE__<NAME>` variable) or `runtime` (changed by an operator).
 */
export type FeatureToggleSource = 'default' | 'config' | 'runtime';

/** A runtime change of a toggle, before the store gives it its place in the order of changes. */
export interface FeatureToggleChange {
  name: string;
  enabled: boolean;
  /** Who changed it: the admin token's name. */
  changedBy: string;
  /** When, as an ISO 8601 timestamp. */
  changedAt: string;
}

/** A runtime value as a {@link FeatureToggleStore} keeps it. */
export interface FeatureToggleRecord extends FeatureToggleChange {
  /**
   * Position in the order of changes, given by the store: of two records of one toggle, the
   * higher version is the later change, whichever arrives first.
   */
  version: number;
}

/** Told each record a store learns of; it must not throw. */
export type FeatureToggleListener = (record: FeatureToggleRecord) => void;

/** A toggle as `FeatureToggles.list()` and `GET /admin/features` show it. */
export interface FeatureToggleState {
  name: string;
  /** Whether the feature is on now. */
  enabled: boolean;
  source: FeatureToggleSource;
  description: string | null;
  /** What the configuration says, whatever an operator made of it since. */
  configuredEnabled: boolean;
  /** Who changed it at run time; `null` unless `source` is `runtime`. */
  changedBy: string | null;
  /** When it was changed at run time (ISO 8601); `null` unless `source` is `runtime`. */
  changedAt: string | null;
}

/**
 * Stands in for a disabled method: called with the method's own arguments (a route's
 * `(params, query, body)`, a microservice handler's `(data)`) and `this` the instance.
 */
export type FeatureFallbackFunction = (...args: any[]) => unknown;

/** Options of `@FeatureToggle()`. */
export interface FeatureToggleOptions {
  /**
   * What answers while the feature is disabled: a method of the same class (by name, checked at
   * boot) or a function. Its result is marked degraded (`isDegraded(result)`). Without one, a
   * disabled feature throws `FeatureDisabledError` (503 `FEATURE_DISABLED`). @default none
   */
  fallback?: string | FeatureFallbackFunction;
}

/** What `@FeatureToggle()` records on a method. */
export interface FeatureToggleMetadata extends FeatureToggleOptions {
  /** The toggle's name, declared under `features` in the configuration. */
  name: string;
}
