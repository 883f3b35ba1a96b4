import {
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import {
  FeatureToggleStore,
  type FeatureToggleChange,
  type FeatureToggleListener,
  type FeatureToggleRecord,
} from '@nest-resilience/resilience';
import { RedisUnavailableError } from '../cache/redis-unavailable.error.js';
import { parseFeatureToggleRecord } from './feature-toggle-record.parser.js';

/** Hash of the runtime values, one field per toggle (under the client's key prefix). */
const VALUES_KEY = 'features';
/** Counter giving each change its version. */
const VERSION_KEY = 'features:version';
/** Channel of the changes; channels take no key prefix, so the store adds it. */
const CHANGES_CHANNEL = 'features:changes';
/** How long closing a connection politely (`QUIT`) may take before it is dropped. */
const QUIT_TIMEOUT_MS = 1_000;

/**
 * Stores a change and announces it in one atomic step, so the order of the announcements is
 * the order of the versions: every instance sees the changes of a toggle in the order they were
 * made, and a resynchronisation never goes back to an older value.
 */
const WRITE_SCRIPT = `
local version = redis.call('INCR', KEYS[2])
local record = cjson.encode({
  name = ARGV[1], enabled = ARGV[2] == '1', changedBy = ARGV[3], changedAt = ARGV[4],
  version = version })
redis.call('HSET', KEYS[1], ARGV[1], record)
redis.call('PUBLISH', ARGV[5], record)
return record`;

/**
 * {@link FeatureToggleStore} on Redis, so a change made on one instance reaches every instance
 * within milliseconds: the values in a hash, the changes announced on a pub/sub channel. A
 * second connection follows the channel; each time it (re)connects it reads the whole hash
 * again, so changes made while Redis was unreachable are picked up once it is back.
 *
 * Reading a toggle never touches Redis (`FeatureToggles` keeps the values in memory), so an
 * outage never blocks or fails a call: instances keep the last values they knew. Only a change
 * fails while Redis is down, as {@link RedisUnavailableError} (503 `DEPENDENCY_UNAVAILABLE`),
 * and then no instance changes. Connects at boot without failing the start when Redis is down.
 */
export class RedisFeatureToggleStore
  extends FeatureToggleStore
  implements OnModuleInit, OnApplicationShutdown
{
  readonly shared = true;
  private readonly logger = new Logger(RedisFeatureToggleStore.name);
  private readonly listeners = new Set<FeatureToggleListener>();
  private readonly subscriber: Redis;
  private readonly channel: string;
  private following: boolean | undefined;
  private started?: Promise<void>;
  private stopped?: Promise<void>;

  /**
   * @param client a client made by `createRedisClient` (lazily connecting); the store owns it
   * @param keyPrefix the client's key prefix, also put before the channel's name
   */
  constructor(
    private readonly client: Redis,
    keyPrefix: string,
  ) {
    super();
    this.channel = `${keyPrefix}${CHANGES_CHANNEL}`;
    this.subscriber = client.duplicate();
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
    });
    this.subscriber.on('ready', () => void this.follow());
    this.subscriber.on('error', (error: Error) =>
      this.reportFollowing(false, error),
    );
    this.subscriber.on('end', () => this.reportFollowing(false));
    // The client's own errors surface as failed commands; an 'error' without a listener would
    // crash the process.
    this.client.on('error', () => undefined);
    this.client.on('ready', () => void this.resync());
  }

  onModuleInit(): Promise<void> {
    return this.start();
  }

  onApplicationShutdown(): Promise<void> {
    this.stopped ??= Promise.all([
      quit(this.subscriber),
      quit(this.client),
    ]).then(() => undefined);
    return this.stopped;
  }

  async readAll(): Promise<FeatureToggleRecord[]> {
    await this.start();
    let values: Record<string, string>;
    try {
      values = await this.client.hgetall(VALUES_KEY);
    } catch (error) {
      throw new RedisUnavailableError('HGETALL', error);
    }
    const records: FeatureToggleRecord[] = [];
    for (const [name, text] of Object.entries(values)) {
      const record = parseFeatureToggleRecord(text);
      if (record?.name === name) records.push(record);
      else this.logger.warn(`Ignored a malformed value of feature ${name}`);
    }
    return records;
  }

  async write(change: FeatureToggleChange): Promise<FeatureToggleRecord> {
    await this.start();
    let stored: unknown;
    try {
      stored = await this.client.eval(
        WRITE_SCRIPT,
        2,
        VALUES_KEY,
        VERSION_KEY,
        change.name,
        change.enabled ? '1' : '0',
        change.changedBy,
        change.changedAt,
        this.channel,
      );
    } catch (error) {
      throw new RedisUnavailableError('EVAL', error);
    }
    const record = parseFeatureToggleRecord(stored);
    if (!record) {
      throw new RedisUnavailableError('EVAL', new TypeError('bad answer'));
    }
    return record;
  }

  watch(listener: FeatureToggleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens both connections once; a Redis that is down is logged, not thrown. */
  private start(): Promise<void> {
    this.started ??= Promise.all([
      connect(this.client),
      connect(this.subscriber),
    ]).then(() => undefined);
    return this.started;
  }

  /** Subscribes (again) after the following connection (re)connected, then catches up. */
  private async follow(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch (error) {
      this.reportFollowing(false, error);
      return;
    }
    this.reportFollowing(true);
    await this.resync();
  }

  /** Tells the listeners every stored value: what changed while nobody was following. */
  private async resync(): Promise<void> {
    if (this.listeners.size === 0) return;
    try {
      for (const record of await this.readAll()) this.notify(record);
    } catch {
      // Not connected yet: the next 'ready' of either connection tries again.
    }
  }

  private receive(message: string): void {
    const record = parseFeatureToggleRecord(message);
    if (record) this.notify(record);
    else this.logger.warn('Ignored a malformed feature toggle change');
  }

  private notify(record: FeatureToggleRecord): void {
    for (const listener of this.listeners) listener({ ...record });
  }

  private reportFollowing(following: boolean, error?: unknown): void {
    if (following === this.following) return;
    this.following = following;
    if (following) {
      this.logger.log('Following feature toggle changes through Redis');
    } else {
      const reason = error instanceof Error ? ` (${error.name})` : '';
      this.logger.warn(
        `Feature toggle changes are not followed: Redis connection lost${reason}; ` +
          'the last known values apply until it is back',
      );
    }
  }
}

async function connect(redis: Redis): Promise<void> {
  if (redis.status !== 'wait') return;
  // ioredis keeps reconnecting on its own; 'ready' resumes following.
  await redis.connect().catch(() => undefined);
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    const polite = redis.quit().catch(() => undefined);
    const timer = setTimeout(() => redis.disconnect(), QUIT_TIMEOUT_MS);
    await polite;
    clearTimeout(timer);
  }
  // Also stops the reconnection attempts of a connection that is not up.
  redis.disconnect();
}
