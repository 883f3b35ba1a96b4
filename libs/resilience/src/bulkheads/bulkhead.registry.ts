import { Injectable } from '@nestjs/common';
import type { BulkheadSettings } from '../config/resilience-settings.interface.js';
import {
  BulkheadPolicy,
  type BulkheadStats,
} from '../policies/bulkhead.policy.js';

/** Owns the bulkhead of each named dependency: one per name, shared by every method naming it. */
@Injectable()
export class BulkheadRegistry {
  private readonly bulkheads = new Map<string, BulkheadPolicy>();

  /**
   * The bulkhead of `name`, created with `settings` on first call; later calls get the same one.
   * @throws RangeError when `settings` are invalid
   */
  getOrCreate(name: string, settings: BulkheadSettings): BulkheadPolicy {
    let bulkhead = this.bulkheads.get(name);
    if (!bulkhead) {
      bulkhead = new BulkheadPolicy({ name, ...settings });
      this.bulkheads.set(name, bulkhead);
    }
    return bulkhead;
  }

  /** Running, queued and rejected calls of every bulkhead, by name. */
  stats(): Record<string, BulkheadStats> {
    return Object.fromEntries(
      [...this.bulkheads].map(([name, bulkhead]) => [name, bulkhead.stats]),
    );
  }
}
