import type { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';

/**
 * Keeps a consumer's channels consuming while its connection lives on. amqp-connection-manager
 * sets channels up again only when the connection comes back: a channel closed by the broker
 * alone (a declaration refused while a queue recovers after a restart), a setup that failed, or
 * a consumer the broker cancelled would leave the consumer idle on a healthy connection for
 * good. Such a part is reported {@link lost}; unless it is {@link up} again within `delayMs`,
 * the connection is made anew, which sets every channel up again. A new or lost connection
 * clears the reports: its own reconnection sets the channels up.
 */
export class RmqConsumerWatchdog {
  private readonly down = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private stopped = false;

  /**
   * @param connection the consumer's connection manager
   * @param delayMs how long a lost part may take to come back by itself
   */
  constructor(
    private readonly connection: AmqpConnectionManager,
    private readonly delayMs: number,
    private readonly logger: Logger,
  ) {
    connection.on('connect', this.clear);
    connection.on('disconnect', this.clear);
  }

  /** `part` consumes (again). */
  up(part: string): void {
    this.down.delete(part);
  }

  /** `part` stopped consuming for `reason`, maybe while the connection stays up. */
  lost(part: string, reason: string): void {
    if (this.stopped) return;
    this.down.set(part, reason);
    this.timer ??= setTimeout(this.check, this.delayMs);
    this.timer.unref();
  }

  /** Stops watching, for a shutdown: channels then close on purpose. */
  stop(): void {
    this.stopped = true;
    this.clear();
    this.connection.off('connect', this.clear);
    this.connection.off('disconnect', this.clear);
  }

  private readonly check = (): void => {
    this.timer = undefined;
    if (this.stopped || this.down.size === 0) return;
    if (!this.connection.isConnected()) return;
    const parts = [...this.down].map(([part, reason]) => `${part} (${reason})`);
    this.logger.warn(
      `Not consuming on a live connection: ${parts.join(', ')}; reconnecting to set it up again`,
    );
    this.down.clear();
    this.connection.reconnect();
  };

  private readonly clear = (): void => {
    this.down.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  };
}
