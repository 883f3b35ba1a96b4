import { Injectable, Logger } from '@nestjs/common';
import type {
  ResilienceEvent,
  ResilienceEventListener,
} from './resilience-event.interface.js';

/**
 * The stream of what guarded calls do (retries, fallbacks, breaker transitions), for metrics,
 * tests and anything else that watches. Listeners run synchronously in the call's path, so
 * they must be cheap; what one throws is logged and dropped.
 */
@Injectable()
export class ResilienceEvents {
  private readonly logger = new Logger(ResilienceEvents.name);
  private readonly listeners = new Set<ResilienceEventListener>();

  /**
   * Adds a listener.
   * @returns a function that removes it
   */
  on(listener: ResilienceEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener. */
  emit(event: ResilienceEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(
          `A listener failed on a ${event.kind} event: ${String(error)}`,
        );
      }
    }
  }
}
