import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { CircuitBreakerStats } from '../breakers/circuit-breaker-stats.interface.js';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import type { CircuitStateChange } from '../breakers/circuit-state-change.interface.js';
import type { CircuitState } from '../breakers/circuit-state.enum.js';
import type {
  FallbackEvent,
  ResilienceEvent,
  RetryEvent,
} from '../events/resilience-event.interface.js';
import { ResilienceEvents } from '../events/resilience.events.js';

/**
 * What a test asserts on: every retry, fallback and breaker transition of the guarded calls
 * since the app started (or the last `clear()`), and each breaker's state and counts.
 */
@Injectable()
export class ResilienceRecorder implements OnModuleDestroy {
  private recorded: ResilienceEvent[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    events: ResilienceEvents,
    private readonly breakers: CircuitBreakerRegistry,
  ) {
    this.unsubscribe = events.on((event) => this.recorded.push(event));
  }

  /** Every event, oldest first. */
  get events(): readonly ResilienceEvent[] {
    return this.recorded;
  }

  /** The retries, of one service or of all. */
  retries(service?: string): RetryEvent[] {
    return this.recorded.filter(
      (e): e is RetryEvent =>
        e.kind === 'retry' && (service === undefined || e.service === service),
    );
  }

  /** The fallbacks served, of one service (its breaker's name) or method site, or of all. */
  fallbacks(serviceOrSite?: string): FallbackEvent[] {
    return this.recorded.filter(
      (e): e is FallbackEvent =>
        e.kind === 'fallback' &&
        (serviceOrSite === undefined ||
          e.service === serviceOrSite ||
          e.site === serviceOrSite),
    );
  }

  /** The state transitions of one breaker, or of all. */
  transitions(service?: string): CircuitStateChange[] {
    return this.recorded
      .filter((e) => e.kind === 'state')
      .map((e) => e.change)
      .filter((change) => service === undefined || change.breaker === service);
  }

  /** The state of a service's breaker, if one exists yet. */
  state(service: string): CircuitState | undefined {
    return this.breakers.get(service)?.currentState;
  }

  /** A breaker's stats (window, totals, latency), if one exists yet. */
  stats(service: string): CircuitBreakerStats | undefined {
    return this.breakers.get(service)?.stats();
  }

  /** Forgets what was recorded and closes every breaker, for the next test. */
  clear(): void {
    for (const breaker of this.breakers.list()) breaker.reset();
    this.recorded = [];
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
