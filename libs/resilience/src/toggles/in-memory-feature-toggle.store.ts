import type {
  FeatureToggleChange,
  FeatureToggleListener,
  FeatureToggleRecord,
} from './feature-toggle.interface.js';
import { FeatureToggleStore } from './feature-toggle.store.js';

/**
 * {@link FeatureToggleStore} in process memory: runtime changes apply to this process only and
 * are lost at restart. The default of `ResilienceModule`.
 */
export class InMemoryFeatureToggleStore extends FeatureToggleStore {
  readonly shared = false;
  private readonly records = new Map<string, FeatureToggleRecord>();
  private readonly listeners = new Set<FeatureToggleListener>();
  private version = 0;

  readAll(): Promise<FeatureToggleRecord[]> {
    return Promise.resolve([...this.records.values()].map((r) => ({ ...r })));
  }

  write(change: FeatureToggleChange): Promise<FeatureToggleRecord> {
    const record: FeatureToggleRecord = { ...change, version: ++this.version };
    this.records.set(record.name, record);
    for (const listener of this.listeners) listener({ ...record });
    return Promise.resolve({ ...record });
  }

  watch(listener: FeatureToggleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
