import { Injectable, Logger } from '@nestjs/common';
import type { DeadLetterTransport } from './dead-letter.transport.js';

/**
 * Replay transports by destination scheme. The HTTP transport registers itself for `http` and
 * `https`; the messaging features register theirs (`amqp`, `nats`, ...) the same way. The last
 * registration of a scheme wins, so an application may replace a built-in transport.
 */
@Injectable()
export class DeadLetterTransportRegistry {
  private readonly logger = new Logger('DeadLetterTransports');
  private readonly transports = new Map<string, DeadLetterTransport>();

  /** The scheme of a destination: the text before its first `:`, lower case (`''` if none). */
  static schemeOf(destination: string): string {
    const colon = destination.indexOf(':');
    return colon <= 0 ? '' : destination.slice(0, colon).toLowerCase();
  }

  /**
   * Registers `transport` for each of its schemes.
   * @returns a function that unregisters it
   */
  register(transport: DeadLetterTransport): () => void {
    for (const scheme of transport.schemes) {
      this.transports.set(scheme.toLowerCase(), transport);
    }
    const confirmation = transport.handOverOnly
      ? ' (hand-over only: entries wait in REPLAYED for the consumer)'
      : '';
    this.logger.log(
      `${transport.constructor.name} replays ${transport.schemes.map((s) => `${s}:`).join(', ')} destinations${confirmation}`,
    );
    return () => {
      for (const scheme of transport.schemes) {
        if (this.transports.get(scheme.toLowerCase()) === transport) {
          this.transports.delete(scheme.toLowerCase());
        }
      }
    };
  }

  /** The transport for `destination`, if one is registered for its scheme. */
  resolve(destination: string): DeadLetterTransport | undefined {
    return this.transports.get(
      DeadLetterTransportRegistry.schemeOf(destination),
    );
  }

  /** Schemes with a transport. */
  schemes(): string[] {
    return [...this.transports.keys()];
  }
}
