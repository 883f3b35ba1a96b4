import { Injectable, Optional } from '@nestjs/common';
import type { BulkheadSettings } from '../config/resilience-settings.interface.js';
import { ResilienceEvents } from '../events/resilience.events.js';
import {
  BulkheadPolicy,
  type BulkheadLoadListener,
  type BulkheadStats,
} from '../policies/bulkhead.policy.js';

/**
 * Owns the bulkhead of each named dependency: one per name, shared by every method naming it.
 * Each reports its load as `bulkhead` events while anyone listens to {@link ResilienceEvents}.
 */
@Injectable()
export class BulkheadRegistry {
  private readonly bulkheads = new Map<string, BulkheadPolicy>();

  constructor(@Optional() private readonly events?: ResilienceEvents) {}

  /**
   * The bulkhead of `name`, created with `settings` on first call; later calls get the same one.
   * @throws RangeError when `settings` are invalid
   */
  getOrCreate(name: string, settings: BulkheadSettings): BulkheadPolicy {
    let bulkhead = this.bulkheads.get(name);
    if (!bulkhead) {
      bulkhead = new BulkheadPolicy({
        name,
        ...settings,
        onLoad: this.reportLoad(name),
      });
      this.bulkheads.set(name, bulkhead);
    }
    return bulkhead;
  }

  private reportLoad(service: string): BulkheadLoadListener | undefined {
    const events = this.events;
    if (!events) return undefined;
    return (action, running, queued) => {
      if (events.listening)
        events.emit({ kind: 'bulkhead', service, action, running, queued });
    };
  }

  /** Running, queued and rejected calls of every bulkhead, by name. */
  stats(): Record<string, BulkheadStats> {
    return Object.fromEntries(
      [...this.bulkheads].map(([name, bulkhead]) => [name, bulkhead.stats]),
    );
  }
}
