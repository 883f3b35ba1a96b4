import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { RmqConsumerWatchdog } from './rmq-consumer.watchdog.js';

/** A connection manager that is connected until told otherwise, and counts forced reconnections. */
class FakeConnection extends EventEmitter {
  connected = true;
  reconnects = 0;

  isConnected(): boolean {
    return this.connected;
  }

  reconnect(): void {
    this.reconnects++;
  }
}

describe('RmqConsumerWatchdog', () => {
  let connection: FakeConnection;
  let watchdog: RmqConsumerWatchdog;

  beforeEach(() => {
    vi.useFakeTimers();
    connection = new FakeConnection();
    watchdog = new RmqConsumerWatchdog(
      connection as unknown as AmqpConnectionManager,
      1_000,
      new Logger('test', { timestamp: false }),
    );
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    watchdog.stop();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('reconnects when a channel stopped consuming on a live connection and did not come back', () => {
    watchdog.lost('consumer', 'cancelled by the broker');
    vi.advanceTimersByTime(999);
    expect(connection.reconnects).toBe(0);

    vi.advanceTimersByTime(1);

    expect(connection.reconnects).toBe(1);
  });

  it('leaves a part that came back in time alone', () => {
    watchdog.lost('consumer', 'setup failed');
    watchdog.up('consumer');
    vi.advanceTimersByTime(5_000);

    expect(connection.reconnects).toBe(0);
  });

  it('leaves a lost connection to its own reconnection', () => {
    watchdog.lost('consumer', 'channel closed');
    connection.connected = false;
    connection.emit('disconnect', { err: new Error('gone') });
    connection.connected = true;
    connection.emit('connect', {});
    vi.advanceTimersByTime(5_000);

    expect(connection.reconnects).toBe(0);
  });

  it('does nothing once stopped, as channels close on shutdown', () => {
    watchdog.stop();
    watchdog.lost('consumer', 'channel closed');
    vi.advanceTimersByTime(5_000);

    expect(connection.reconnects).toBe(0);
  });
});
