import { Injectable, Logger } from '@nestjs/common';
import type {
  ResilienceEvent,
  ResilienceEventListener,
} from './resilience-event.interface.js';

/**
 * The stream of what guarded calls do (calls and their outcomes, retries, fallbacks, breaker
 * transitions, bulkhead load), for metrics, tests and anything else that watches. Listeners
 * run synchronously in the call's path, so they must be cheap; what one throws is logged and
 * dropped. Emitters on the success path check {@link listening} first, so that a call builds
 * no event while nobody listens.
 */
@Injectable()
export class ResilienceEvents {
  private readonly logger = new Logger(ResilienceEvents.name);
  // Replaced, never mutated: emitting walks an array without allocating an iterator, and a
  // listener added or removed by a listener takes effect from the next event.
  private listeners: readonly ResilienceEventListener[] = [];

  /** Whether anyone listens: when not, emitting is a waste. */
  get listening(): boolean {
    return this.listeners.length > 0;
  }

  /**
   * Adds a listener.
   * @returns a function that removes it
   */
  on(listener: ResilienceEventListener): () => void {
    if (!this.listeners.includes(listener))
      this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter(
        (candidate) => candidate !== listener,
      );
    };
  }

  /** Tells every listener. */
  emit(event: ResilienceEvent): void {
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i](event);
      } catch (error) {
        this.logger.warn(
          `A listener failed on a ${event.kind} event: ${String(error)}`,
        );
      }
    }
  }
}
