/**
 * The probes of one half-open phase: one in flight at a time, counting consecutive successes.
 * Each probe gets a ticket; {@link reset} invalidates outstanding tickets, so a probe that
 * settles after the phase ended changes nothing.
 */
export class HalfOpenProbeTracker {
  private ticket = 0;
  private inFlight = false;
  private startedAt = 0;
  private successes = 0;

  /** @param successThreshold consecutive successful probes that close the circuit (at least 1) */
  constructor(private readonly successThreshold: number) {}

  /** Whether a probe is running (further calls are refused). */
  get busy(): boolean {
    return this.inFlight;
  }

  /** Starts a new phase (half open again, or any other transition). */
  reset(): void {
    this.ticket++;
    this.inFlight = false;
    this.successes = 0;
  }

  /**
   * Takes the probe slot.
   *
   * @returns the probe's ticket, for {@link settle}
   */
  begin(now: number): number {
    this.inFlight = true;
    this.startedAt = now;
    return ++this.ticket;
  }

  /**
   * Frees the probe slot and counts a success.
   *
   * @param succeeded whether the dependency answered (a failure already reset the phase; an
   *   excluded call, such as a 429, frees the slot without counting either way)
   * @returns whether enough probes have now succeeded to close the circuit
   */
  settle(ticket: number, succeeded: boolean): boolean {
    if (ticket !== this.ticket) return false;
    this.inFlight = false;
    return succeeded && ++this.successes >= this.successThreshold;
  }

  /**
   * Time until the running probe is known to be over, `0` when none runs.
   *
   * @param boundMs longest a probe can take (its timeout)
   */
  retryAfterMs(now: number, boundMs: number): number {
    return this.inFlight ? Math.max(0, this.startedAt + boundMs - now) : 0;
  }
}
