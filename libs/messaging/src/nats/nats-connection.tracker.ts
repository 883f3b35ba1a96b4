import type { Logger } from '@nestjs/common';
import { Events, type ConnectionOptions, type NatsConnection } from 'nats';

/**
 * How every NATS connection of the transport behaves: it reconnects for ever, twice a second
 * (nats.js waits 2 s by default), so a restarted server is used again within about half a
 * second of accepting connections; a server that vanished without closing the connection is
 * noticed after two unanswered pings, 10 s apart.
 */
export const NATS_CONNECTION_OPTIONS = {
  reconnect: true,
  maxReconnectAttempts: -1,
  reconnectTimeWait: 500,
  pingInterval: 10_000,
  maxPingOut: 2,
} as const satisfies ConnectionOptions;

/**
 * How long a pull request of the durable consumer lasts (`expires`). nats.js derives the idle
 * heartbeat from it (half), and after a server restart waits as long before it checks the
 * consumer again when its first check failed: its 30 s default would leave the consumer idle
 * that long.
 */
export const JETSTREAM_PULL_EXPIRES_MS = 3_000;

/**
 * Follows `connection`'s status: `onChange(false)` when it drops, `onChange(true)` when it is
 * back (nats.js re-subscribes by itself), each logged once. A closed connection ends the watch.
 */
export function trackConnection(
  connection: NatsConnection,
  logger: Logger,
  onChange: (connected: boolean) => void,
): void {
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type === Events.Disconnect) {
        onChange(false);
        logger.warn(`Disconnected from NATS (${serverOf(status.data)})`);
      } else if (status.type === Events.Reconnect) {
        onChange(true);
        logger.log(`Reconnected to NATS (${serverOf(status.data)})`);
      }
    }
  })().catch(() => undefined);
  void connection.closed().then(() => onChange(false));
}

/** The server a disconnect or reconnect status names. */
function serverOf(data: unknown): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}
