import {
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CircuitBreaker } from '@nest-resilience/resilience';
import { KeyValueStore, type CounterState } from './key-value.store.js';
import { RedisUnavailableError } from './redis-unavailable.error.js';

/** How long closing the connection politely (`QUIT`) may take before it is dropped. */
const QUIT_TIMEOUT_MS = 1_000;

/**
 * Increments a counter and gives it a lifetime when it is new, atomically, answering the count
 * and the time left: one round trip per rate-limited request.
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { count, ttl }`;

/**
 * {@link KeyValueStore} on Redis. Every command goes through the `redis` breaker, and every
 * failure, a refusal included, leaves as {@link RedisUnavailableError}: for its callers any
 * failure means "fail open", and the breaker should stop calling a Redis that refuses everything
 * as much as one that does not answer. The client's `commandTimeout` bounds each command; the
 * shipped configuration gives the breaker no timer of its own (`timeoutMs: 0`), since a second
 * timer per command could never fire first.
 *
 * Commands are not retried: every caller has a local answer ready (a cache miss, local
 * counters), so a retry would only make a request wait longer on a Redis that is failing; the
 * breaker opens after `volumeThreshold` failures and the wait drops to nothing.
 *
 * Connects at boot without failing the start when Redis is down; ioredis reconnects on its
 * own, and state changes are logged once each.
 */
export class RedisKeyValueStore
  extends KeyValueStore
  implements OnModuleInit, OnApplicationShutdown
{
  readonly shared = true;
  private readonly logger = new Logger(RedisKeyValueStore.name);
  private connected: boolean | undefined;

  /** @param client a client made by `createRedisClient` (lazily connecting) */
  constructor(readonly client: Redis) {
    super();
    client.on('ready', () => this.reportConnected(true));
    client.on('error', (error: Error) => this.reportConnected(false, error));
    client.on('end', () => this.reportConnected(false));
  }

  async onModuleInit(): Promise<void> {
    // A Redis that is down at boot must not stop the start: callers fail open meanwhile, and
    // ioredis keeps trying to connect.
    await this.client
      .connect()
      .catch((error: unknown) => this.reportConnected(false, error));
  }

  async onApplicationShutdown(): Promise<void> {
    const quit = this.client.quit().catch(() => undefined);
    const timer = setTimeout(() => this.client.disconnect(), QUIT_TIMEOUT_MS);
    await quit;
    clearTimeout(timer);
  }

  @CircuitBreaker('redis')
  async get(key: string): Promise<string | undefined> {
    const value = await this.run('GET', () => this.client.get(key));
    return value ?? undefined;
  }

  @CircuitBreaker('redis')
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.run('SET', () => this.client.set(key, value, 'PX', ttlMs));
  }

  @CircuitBreaker('redis')
  async setIfAbsent(
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    const answer = await this.run('SET NX', () =>
      this.client.set(key, value, 'PX', ttlMs, 'NX'),
    );
    return answer === 'OK';
  }

  @CircuitBreaker('redis')
  async delete(key: string): Promise<void> {
    await this.run('DEL', () => this.client.del(key));
  }

  @CircuitBreaker('redis')
  async increment(key: string, ttlMs: number): Promise<CounterState> {
    const [count, ttl] = (await this.run('EVAL', () =>
      this.client.eval(INCREMENT_SCRIPT, 1, key, ttlMs),
    )) as [number, number];
    return { count, ttlMs: ttl };
  }

  /**
   * One round trip to the server, outside the breaker: the health check must see Redis as it
   * is now, not as the breaker last saw it.
   * @throws RedisUnavailableError when Redis does not answer
   */
  async ping(): Promise<void> {
    await this.run('PING', () => this.client.ping());
  }

  private async run<T>(command: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw new RedisUnavailableError(command, error);
    }
  }

  private reportConnected(connected: boolean, error?: unknown): void {
    if (connected === this.connected) return;
    this.connected = connected;
    if (connected) {
      this.logger.log('Redis connected');
    } else {
      const reason =
        error instanceof Error ? ` (${error.name}: ${codeOf(error)})` : '';
      this.logger.warn(
        `Redis connection lost${reason}; failing open until it is back`,
      );
    }
  }
}

function codeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'no code';
}
