/** What the throttle says about one alert. */
export type AlertAdmission =
  | { send: true; suppressed: number }
  | { send: false; reason: 'duplicate' | 'rate-limited' };

const MINUTE_MS = 60_000;
// Keys older than their window are forgotten once the map grows past this.
const PRUNE_ABOVE = 1_000;

/**
 * De-duplication and rate limit of outgoing alerts: an alert whose key was sent within
 * `dedupeWindowMs` is a duplicate; beyond `maxPerMinute` sends in the last rolling minute, any
 * alert is rate-limited. Pure apart from the injected clock, so it is tested without timers.
 */
export class AlertThrottle {
  private readonly lastSent = new Map<
    string,
    { at: number; suppressed: number }
  >();
  private readonly sentAt: number[] = [];

  /**
   * @param dedupeWindowMs same-key window
   * @param maxPerMinute sends per rolling minute
   * @param now the clock @default Date.now
   */
  constructor(
    private readonly dedupeWindowMs: number,
    private readonly maxPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Decides about an alert with `key`, recording it as sent when it may go. */
  admit(key: string): AlertAdmission {
    const now = this.now();
    const last = this.lastSent.get(key);
    if (last && now - last.at < this.dedupeWindowMs) {
      last.suppressed++;
      return { send: false, reason: 'duplicate' };
    }
    while (this.sentAt.length > 0 && now - this.sentAt[0] >= MINUTE_MS) {
      this.sentAt.shift();
    }
    if (this.sentAt.length >= this.maxPerMinute) {
      return { send: false, reason: 'rate-limited' };
    }
    this.sentAt.push(now);
    this.lastSent.set(key, { at: now, suppressed: 0 });
    this.prune(now);
    return { send: true, suppressed: last?.suppressed ?? 0 };
  }

  private prune(now: number): void {
    if (this.lastSent.size <= PRUNE_ABOVE) return;
    for (const [key, entry] of this.lastSent) {
      if (now - entry.at >= this.dedupeWindowMs) this.lastSent.delete(key);
    }
  }
}
