import type { Logger } from '@nestjs/common';
import type {
  CircuitStateChange,
  CircuitStateListener,
} from './circuit-state-change.interface.js';
import { CircuitState } from './circuit-state.enum.js';

/**
 * Logs each state transition of one circuit once, and tells its listeners. A listener that
 * throws is logged and skipped: it runs inside opossum's event handlers, which must not fail.
 */
export class CircuitStateNotifier {
  private listeners: CircuitStateListener[] = [];

  /** @param logger logger whose context names the circuit */
  constructor(private readonly logger: Logger) {}

  /**
   * Adds a listener.
   *
   * @returns a function that removes it
   */
  add(listener: CircuitStateListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter(
        (candidate) => candidate !== listener,
      );
    };
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners = [];
  }

  /**
   * Logs `change` and passes it to every listener.
   *
   * @param detail appended to the log line, for example when the next probe is due
   */
  notify(change: CircuitStateChange, detail?: string): void {
    const message = `${change.from} -> ${change.to} (${change.reason})${detail ? `: ${detail}` : ''}`;
    // Shutting down is routine; an operator disabling a circuit is worth noticing.
    if (
      change.to === CircuitState.OPEN ||
      (change.reason === 'manual' && change.to === CircuitState.DISABLED)
    ) {
      this.logger.warn(message);
    } else {
      this.logger.log(message);
    }
    // Listeners added or removed by a listener take effect from the next change.
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(
          `State listener failed on ${change.from} -> ${change.to}`,
          error instanceof Error ? error.stack : String(error),
        );
      }
    }
  }
}
