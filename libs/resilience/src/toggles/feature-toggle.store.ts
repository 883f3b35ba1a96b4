import type {
  FeatureToggleChange,
  FeatureToggleListener,
  FeatureToggleRecord,
} from './feature-toggle.interface.js';

/**
 * Port of where runtime toggle values live and how their changes reach every instance: process
 * memory by default (`InMemoryFeatureToggleStore`), or a shared store (Redis: a hash of values and
 * a channel of changes) given as `ResilienceModule.forRoot({ features: { store } })`. Inject it
 * by this class.
 *
 * Implementations may fail (a shared store down or unreachable): `FeatureToggles` keeps the last
 * values it knew, so an outage never blocks or fails a toggled call; only a change fails.
 */
export abstract class FeatureToggleStore {
  /** Whether a change reaches other processes (a shared store) or this one only. */
  abstract readonly shared: boolean;

  /** Every runtime value stored. */
  abstract readAll(): Promise<FeatureToggleRecord[]>;

  /**
   * Stores a change, gives it its version and tells every instance's listeners.
   * @returns the stored record
   */
  abstract write(change: FeatureToggleChange): Promise<FeatureToggleRecord>;

  /**
   * Calls `listener` with every record written from now on by any instance (this one included)
   * and, after the store reconnects, with every stored record again, so changes made meanwhile
   * are not missed. Records may arrive more than once and out of order: compare versions.
   * @returns a function that stops the calls
   */
  abstract watch(listener: FeatureToggleListener): () => void;
}
