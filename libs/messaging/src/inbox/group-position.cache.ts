/**
 * Last applied position of recently seen groups, per consumer, so that ordering costs no read
 * on the hot path. Positions only grow, so a cached value can be stale-low (another consumer
 * moved the group on) but never high: a seeming gap is re-read from the database before the
 * message is parked, and the effect's transaction re-checks anyway.
 */
export class GroupPositionCache {
  private readonly positions = new Map<string, number>();

  /** @param capacity groups kept; the first seen are forgotten first @default 50000 */
  constructor(private readonly capacity = 50_000) {}

  get(consumer: string, groupKey: string): number | undefined {
    return this.positions.get(key(consumer, groupKey));
  }

  /** Records a position read or reached; never moves a group back. */
  set(consumer: string, groupKey: string, position: number): void {
    const k = key(consumer, groupKey);
    const known = this.positions.get(k);
    if (known !== undefined) {
      // Groups move on often: updated in place, the map keeps insertion order for eviction.
      if (known < position) this.positions.set(k, position);
      return;
    }
    this.positions.set(k, position);
    if (this.positions.size > this.capacity) {
      this.positions.delete(this.positions.keys().next().value!);
    }
  }
}

function key(consumer: string, groupKey: string): string {
  return `${consumer}\u0000${groupKey}`;
}
