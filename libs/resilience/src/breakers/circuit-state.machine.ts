import type CircuitBreaker from 'opossum';
import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import type { CircuitTransitionReason } from './circuit-state-change.interface.js';
import { CircuitState } from './circuit-state.enum.js';
import type { CircuitStateNotifier } from './circuit-state.notifier.js';
import { HalfOpenProbeTracker } from './half-open-probe.tracker.js';
import type { OperationArgs } from './opossum-options.factory.js';

/**
 * The state of one circuit, kept in step with its opossum breaker. opossum opens (its rate rule,
 * or {@link trip}) and half-opens (its reset timer); this adds a half-open phase that lasts
 * several probes, and the disabled state, and reports each transition once.
 */
export class CircuitStateMachine {
  /** The probes of the current half-open phase. */
  readonly probes: HalfOpenProbeTracker;
  private current = CircuitState.CLOSED;
  private openedAtMs: number | null = null;
  private nextProbeAtMs = 0;
  private openReason: CircuitTransitionReason = 'failure-rate';

  /**
   * @param name name of the circuit
   * @param breaker the circuit's opossum breaker, whose `open` and `halfOpen` it follows
   * @param settings the circuit's settings
   * @param notifier logs and reports transitions
   */
  constructor(
    private readonly name: string,
    private readonly breaker: CircuitBreaker<OperationArgs, unknown>,
    private readonly settings: Readonly<CircuitBreakerSettings>,
    private readonly notifier: CircuitStateNotifier,
  ) {
    this.probes = new HalfOpenProbeTracker(
      Math.max(1, settings.halfOpenSuccessThreshold),
    );
    breaker.on('open', this.onOpen);
    breaker.on('halfOpen', this.onHalfOpen);
  }

  /** Current state. */
  get state(): CircuitState {
    return this.current;
  }

  /** When the circuit last opened (epoch ms); `null` once closed or disabled. */
  get openedAt(): number | null {
    return this.openedAtMs;
  }

  /** When the next probe is due (epoch ms); `null` unless open. */
  get nextProbeAt(): number | null {
    return this.current === CircuitState.OPEN ? this.nextProbeAtMs : null;
  }

  /** Opens through opossum, so that its reset timer starts. No effect when disabled or open. */
  trip(reason: CircuitTransitionReason): void {
    if (this.current === CircuitState.DISABLED) return;
    this.openReason = reason;
    this.breaker.open();
    this.openReason = 'failure-rate';
  }

  /** Closes, cancelling opossum's reset timer. No effect when disabled. */
  close(reason: CircuitTransitionReason): void {
    if (this.current === CircuitState.DISABLED) return;
    this.breaker.close();
    this.openedAtMs = null;
    this.transition(CircuitState.CLOSED, reason);
  }

  /** Stops guarding: opossum's reset timer is cancelled, so nothing half-opens the circuit. */
  disable(): void {
    if (this.current === CircuitState.DISABLED) return;
    this.breaker.close();
    this.breaker.disable();
    this.openedAtMs = null;
    this.transition(CircuitState.DISABLED, 'manual');
  }

  /** Guards again, closed. */
  enable(): void {
    if (this.current !== CircuitState.DISABLED) return;
    this.breaker.enable();
    this.transition(CircuitState.CLOSED, 'manual');
  }

  /** Disables for good and shuts opossum down (its timers, its listeners). */
  shutdown(): void {
    this.openedAtMs = null;
    this.transition(CircuitState.DISABLED, 'shutdown');
    this.breaker.shutdown();
  }

  /**
   * What a refused call carries as `retryAfterMs`: the time until the next probe when open, until
   * the running probe is over when half open (bounded by the attempt timeout, or else by the
   * reset timeout), `0` when calls go through.
   */
  retryAfterMs(now: number): number {
    if (this.current === CircuitState.OPEN) {
      return Math.max(0, this.nextProbeAtMs - now);
    }
    if (this.current !== CircuitState.HALF_OPEN) return 0;
    const { timeoutMs, resetTimeoutMs } = this.settings;
    return this.probes.retryAfterMs(
      now,
      timeoutMs > 0 ? timeoutMs : resetTimeoutMs,
    );
  }

  private readonly onOpen = (): void => {
    // Calls started before `disable()` still settle through opossum and can trip its rate rule.
    if (this.current === CircuitState.DISABLED) return this.breaker.close();
    this.openedAtMs = Date.now();
    this.nextProbeAtMs = this.openedAtMs + this.settings.resetTimeoutMs;
    this.transition(CircuitState.OPEN, this.openReason);
  };

  private readonly onHalfOpen = (): void => {
    if (this.current === CircuitState.OPEN) {
      this.transition(CircuitState.HALF_OPEN, 'reset-timeout');
    }
  };

  private transition(to: CircuitState, reason: CircuitTransitionReason): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.probes.reset();
    const detail =
      to === CircuitState.OPEN
        ? `next probe in ${this.settings.resetTimeoutMs} ms`
        : undefined;
    this.notifier.notify(
      { breaker: this.name, from, to, reason, at: Date.now() },
      detail,
    );
  }
}
