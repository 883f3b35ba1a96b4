import FakeTimers, { type Clock } from '@sinonjs/fake-timers';

/** What {@link FakeClock.install} fakes: every clock and timer the policies read. */
const FAKED = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'Date',
  'performance',
] as const;

/**
 * A fake clock for the library's timers, built on `@sinonjs/fake-timers`: breaker reset
 * timeouts, rolling windows, retry backoff, attempt timeouts and last-good ages all follow it,
 * so a test moves time instead of waiting for it. I/O callbacks, `setImmediate`,
 * `process.nextTick` and promises keep running for real.
 *
 * Install it before the app (or the breakers) is created, so their timers are fake from the
 * start, and uninstall it in `afterEach`.
 *
 * @example
 * ```ts
 * const clock = FakeClock.install();
 * const app = await Test.createTestingModule({ imports: [AppModule] }).compile();
 * await clock.advance(30_000); // the breaker's reset timeout elapses
 * clock.uninstall();
 * ```
 */
export class FakeClock {
  private constructor(private readonly clock: Clock) {}

  /**
   * Replaces the global timers, `Date` and `performance` with fake ones.
   * @param now where the fake time starts @default the real current time
   */
  static install(options: { now?: number | Date } = {}): FakeClock {
    return new FakeClock(
      FakeTimers.install({
        now: options.now ?? Date.now(),
        toFake: [...FAKED],
      }),
    );
  }

  /** The fake time, in epoch milliseconds. */
  get now(): number {
    return this.clock.now;
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way in order and letting the
   * promises each one settles run before the next.
   */
  async advance(ms: number): Promise<void> {
    await this.clock.tickAsync(ms);
  }

  /** Fires timers until none is left (a bounded number of loops: intervals never end it). */
  async runPending(): Promise<void> {
    await this.clock.runToLastAsync();
  }

  /** Restores the real timers. */
  uninstall(): void {
    this.clock.uninstall();
  }
}
