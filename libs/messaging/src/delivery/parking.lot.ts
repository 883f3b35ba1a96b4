/** A parked message and when to look at it again. */
interface Parked {
  timer: NodeJS.Timeout;
  retry: () => void;
}

/**
 * Messages set aside because they arrived before their predecessor, by group. Each is looked
 * at again after a growing delay, or at once when its group moves on.
 */
export class ParkingLot {
  private readonly groups = new Map<string, Set<Parked>>();

  /** Messages parked now. */
  get size(): number {
    let size = 0;
    for (const group of this.groups.values()) size += group.size;
    return size;
  }

  /** Parks a message of `groupKey`; `retry` runs after `delayMs` or when the group moves on. */
  park(groupKey: string, delayMs: number, retry: () => void): void {
    let group = this.groups.get(groupKey);
    if (!group) {
      group = new Set();
      this.groups.set(groupKey, group);
    }
    const parked: Parked = {
      retry,
      timer: setTimeout(() => this.take(groupKey, parked), delayMs),
    };
    group.add(parked);
  }

  /** The group moved on: every message parked in it is looked at now. */
  wake(groupKey: string): void {
    const group = this.groups.get(groupKey);
    if (!group) return;
    // A retry may park its message again in this group: only those parked now are woken.
    const parkedNow = Array.from(group);
    for (const parked of parkedNow) this.take(groupKey, parked);
  }

  /** Forgets every parked message without retrying it (the transport closed). */
  clear(): void {
    for (const group of this.groups.values()) {
      for (const parked of group) clearTimeout(parked.timer);
    }
    this.groups.clear();
  }

  private take(groupKey: string, parked: Parked): void {
    clearTimeout(parked.timer);
    const group = this.groups.get(groupKey);
    if (!group?.delete(parked)) return;
    if (group.size === 0) this.groups.delete(groupKey);
    parked.retry();
  }
}
