/** Breakers sharing one slice duration, and the one timer that rotates them all. */
interface RotationGroup {
  readonly rotations: Set<() => void>;
  readonly timer: NodeJS.Timeout;
}

/**
 * One rotation timer per distinct slice duration, shared by every breaker whose rolling window
 * moves on at that pace: the number of timers stays constant however many breakers there are.
 * A timer starts with the first breaker of its duration and stops with the last; it never keeps
 * the process alive.
 */
export class WindowRotationClock {
  /** The clock every breaker uses unless given another. */
  static readonly shared = new WindowRotationClock();

  private readonly groups = new Map<number, RotationGroup>();

  /**
   * Calls `rotate` every `sliceMs` (at least 1 ms, rounded down), alongside every other
   * subscriber of that duration.
   *
   * @param rotate identifies the subscription: subscribing the same function twice is one
   *   subscription
   * @returns a function that unsubscribes; idempotent
   */
  subscribe(sliceMs: number, rotate: () => void): () => void {
    const period = Math.max(1, Math.floor(sliceMs));
    let group = this.groups.get(period);
    if (!group) {
      const rotations = new Set<() => void>();
      const timer = setInterval(() => {
        // A rotation that throws must not stop the others.
        for (const rotation of rotations) {
          try {
            rotation();
          } catch {
            // Rotations only move counters; nothing to report.
          }
        }
      }, period);
      timer.unref();
      group = { rotations, timer };
      this.groups.set(period, group);
    }
    const { rotations } = group;
    rotations.add(rotate);
    return () => {
      if (!rotations.delete(rotate)) return;
      const current = this.groups.get(period);
      if (rotations.size === 0 && current?.rotations === rotations) {
        clearInterval(current.timer);
        this.groups.delete(period);
      }
    };
  }

  /** Timers running now: one per slice duration in use. */
  get timerCount(): number {
    return this.groups.size;
  }
}
