import { Injectable } from '@nestjs/common';
import {
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { MESSAGING_HEALTH_KEY } from '../messaging.constants.js';
import { OutboxStore } from '../outbox/outbox.store.js';
import { MessagingTransportRegistry } from './messaging-transport.registry.js';

/** Thresholds of the messaging indicator. */
export interface MessagingHealthOptions {
  /** Age of the oldest unpublished event beyond which messaging is `degraded`. @default 60000 */
  maxOutboxAgeMs?: number;
}

/**
 * Terminus indicator of messaging: each endpoint with its transport, its delivery guarantee
 * (at-least-once or at-most-once), its connection and load, and the outbox backlog.
 *
 * - `down` when the outbox cannot be read (events cannot be stored or published);
 * - `degraded` (still HTTP 200) when a broker is disconnected or the oldest unpublished event
 *   is older than `maxOutboxAgeMs`: nothing is lost, events wait in the outbox;
 * - `up` otherwise.
 */
@Injectable()
export class MessagingHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly registry: MessagingTransportRegistry,
    private readonly outbox: OutboxStore,
  ) {}

  /** @param key key of the indicator in the result, `messaging` by default */
  async isHealthy<const Key extends string = typeof MESSAGING_HEALTH_KEY>(
    key: Key = MESSAGING_HEALTH_KEY as Key,
    options: MessagingHealthOptions = {},
  ): Promise<HealthIndicatorResult<Key>> {
    const indicator = this.health.check(key);
    const endpoints = this.registry.list().map((endpoint) => ({
      name: endpoint.name,
      transport: endpoint.transport,
      guarantee: endpoint.guarantee,
      connected: endpoint.isConnected(),
      ...(endpoint.load ? endpoint.load() : {}),
    }));
    let backlog;
    try {
      backlog = await this.outbox.backlog();
    } catch (error) {
      return indicator.down({
        endpoints,
        outbox: { error: error instanceof Error ? error.name : 'Error' },
      });
    }
    const oldestAgeMs =
      backlog.oldestCreatedAt === undefined
        ? 0
        : Date.now() - backlog.oldestCreatedAt;
    const details = {
      endpoints,
      outbox: { pending: backlog.pending, oldestAgeMs },
    };
    const disconnected = endpoints.some((endpoint) => !endpoint.connected);
    if (disconnected || oldestAgeMs > (options.maxOutboxAgeMs ?? 60_000))
      return indicator.degraded(details);
    return indicator.up(details);
  }
}
