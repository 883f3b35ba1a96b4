import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CircuitBreakerRegistry,
  CircuitState,
  GuardedLayerRegistry,
  type CircuitBreakerPolicy,
  type ResolvedResilienceSettings,
  type RetrySettings,
  isCircuitOpenError,
  backoffDelayMs,
  RESILIENCE_SETTINGS,
} from '@nest-resilience/resilience';
import { BrokerUnavailableError } from '../errors/broker-unavailable.error.js';
import type {
  OutboxRelayOptions,
  ResilientMessagingModuleOptions,
} from '../resilient-messaging-options.interface.js';
import { RESILIENT_MESSAGING_OPTIONS } from '../resilient-messaging.module-definition.js';
import { MessagePublisher, type PublishOutcome } from './message.publisher.js';
import { OUTBOX_RELAY_DEFAULTS } from './outbox-relay.defaults.js';
import { OutboxSignal } from './outbox.signal.js';
import { OutboxStore } from './outbox.store.js';

/**
 * How often a paused relay looks at the broker connection: a broker that accepts connections
 * again ends the pause, whatever the backoff or the circuit's reset timeout still had to run.
 */
const RECONNECT_POLL_MS = 100;

/** A batch some of whose messages were not confirmed: the breaker counts it as a failure. */
class PartialPublishError extends Error {
  constructor(
    readonly outcomes: PublishOutcome[],
    cause: unknown,
  ) {
    super(
      `${outcomes.filter((o) => !o.ok).length} of ${outcomes.length} messages were not confirmed`,
      { cause },
    );
    this.name = 'PartialPublishError';
  }
}

/**
 * Publishes the outbox after the commits that filled it: claims the oldest unpublished events,
 * publishes them in order through the broker's confirms, marks the confirmed ones published
 * and gives the others back. Publishing goes through the circuit breaker of `breakerService`;
 * failures back off with its retry settings, and while the broker is down events simply wait,
 * in order, until it returns. The broker's return is noticed on its connection, not left to a
 * timer: when the publisher is connected again after being down, the pause ends and a circuit
 * that opened on the outage is closed (its window kept, so a failure at once reopens it), so
 * publishing resumes within a reconnection of the broker accepting connections, however long
 * `resetTimeoutMs` or the backoff are. A circuit opened by an operator stays open. Several
 * instances may run it (claims are leased and, on PostgreSQL, taken with `SKIP LOCKED`).
 */
@Injectable()
export class OutboxRelay
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('OutboxRelay');
  private readonly options: Required<OutboxRelayOptions>;
  private readonly owner = `relay-${randomUUID().slice(0, 8)}`;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly retry: RetrySettings;
  private running?: Promise<void>;
  private stopping = false;
  private failures = 0;
  private lastPurgeAt = 0;
  private wakeFromPause?: () => void;
  private openedByOperator = false;
  /** The broker was seen unreachable, and its return not acted on yet. */
  private brokerLost = false;
  private readonly stopWatchingBreaker: () => void;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: MessagePublisher,
    private readonly signal: OutboxSignal,
    breakers: CircuitBreakerRegistry,
    @Inject(RESILIENCE_SETTINGS) settings: ResolvedResilienceSettings,
    @Inject(RESILIENT_MESSAGING_OPTIONS)
    options: ResilientMessagingModuleOptions,
    @Optional() layers?: GuardedLayerRegistry,
  ) {
    this.options = { ...OUTBOX_RELAY_DEFAULTS, ...options.relay };
    // No per-batch timeout: the breaker and the retry backoff are what the settings tune here.
    layers?.declare(
      this.options.breakerService,
      ['circuitBreaker', 'retry'],
      OutboxRelay.name,
    );
    const service =
      settings.services[this.options.breakerService] ?? settings.defaults;
    this.retry = service.retry;
    // Every failed batch counts, whatever its error: here a failure always means the broker
    // did not take the events.
    this.breaker = breakers.getOrCreate(
      this.options.breakerService,
      { ...service.circuitBreaker },
      (error) => !isCircuitOpenError(error),
    );
    this.stopWatchingBreaker = this.breaker.onStateChange((change) => {
      if (change.to === CircuitState.OPEN)
        this.openedByOperator = change.reason === 'manual';
    });
  }

  onApplicationBootstrap(): void {
    if (this.options.enabled) this.running = this.loop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.stopWatchingBreaker();
    this.signal.notify();
    this.wakeFromPause?.();
    await this.running;
  }

  /**
   * Publishes what is in the outbox now, one batch after another, until it is empty or a
   * batch fails. @returns how many events were published
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.relayOnce();
      total += published;
      if (published === 0) return total;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      try {
        const published = await this.relayOnce();
        if (this.failures > 0)
          this.logger.log('Publishing again: the broker confirms events');
        this.failures = 0;
        await this.purge();
        if (published === 0)
          await this.signal.wait(this.options.pollIntervalMs);
      } catch (error) {
        await this.pause(error);
      }
    }
  }

  private async relayOnce(): Promise<number> {
    const batch = await this.store.claim(
      this.owner,
      this.options.leaseMs,
      this.options.batchSize,
    );
    if (batch.length === 0) return 0;
    let outcomes: PublishOutcome[];
    try {
      outcomes = await this.breaker.execute(
        async () => {
          // Inside the breaker: a broker that is down is a failed publish, and opens the circuit.
          if (!this.publisher.isConnected())
            throw new BrokerUnavailableError(this.publisher.transport);
          const results = await this.publisher.publish(batch);
          const failed = results.find(
            (r): r is { ok: false; error: unknown } => !r.ok,
          );
          if (failed) throw new PartialPublishError(results, failed.error);
          return results;
        },
        { attempt: 0 },
      );
    } catch (error) {
      if (!(error instanceof PartialPublishError)) {
        // Nothing was sent: the events go back untouched, no attempt counted.
        const sent =
          !isCircuitOpenError(error) &&
          !(error instanceof BrokerUnavailableError);
        await this.store.release(
          this.owner,
          batch.map((m) => m.position),
          sent ? describe(error) : undefined,
        );
        throw error;
      }
      outcomes = error.outcomes;
    }
    const confirmed = batch
      .filter((_, i) => outcomes[i]?.ok)
      .map((m) => m.position);
    const rejected = batch.filter((_, i) => !outcomes[i]?.ok);
    await this.store.markPublished(this.owner, confirmed);
    if (rejected.length > 0) {
      const error = outcomes.find(
        (o): o is { ok: false; error: unknown } => !o.ok,
      )!.error;
      await this.store.release(
        this.owner,
        rejected.map((m) => m.position),
        describe(error),
      );
      throw new PartialPublishError(outcomes, error);
    }
    return confirmed.length;
  }

  private async pause(error: unknown): Promise<void> {
    this.failures++;
    if (this.failures === 1) {
      this.logger.warn(
        `Publishing paused, events wait in the outbox: ${describe(error)}`,
      );
    }
    const waitMs = isCircuitOpenError(error)
      ? Math.max(50, error.retryAfterMs)
      : backoffDelayMs(this.retry, Math.min(this.failures, 20));
    // New events must not cut a backoff short while the broker is down; its return does.
    if (error instanceof BrokerUnavailableError) this.brokerLost = true;
    const reconnected = await new Promise<boolean>((resolve) => {
      const finish = (back: boolean) => {
        clearTimeout(timer);
        clearInterval(watch);
        resolve(back);
      };
      const timer = setTimeout(
        () => finish(false),
        Math.min(waitMs, this.retry.maxDelayMs),
      );
      // The broker may be back before this pause began (the last one ended on its timer).
      const watch = setInterval(() => {
        if (!this.publisher.isConnected()) this.brokerLost = true;
        else if (this.brokerLost) finish(true);
      }, RECONNECT_POLL_MS);
      this.wakeFromPause = () => finish(false);
    });
    if (reconnected) {
      this.brokerLost = false;
      this.resumeAfterReconnect();
    }
  }

  /**
   * The broker accepts connections again: the connection coming back is the probe an open
   * circuit waits for, so it closes now rather than after `resetTimeoutMs`.
   */
  private resumeAfterReconnect(): void {
    if (
      this.breaker.currentState !== CircuitState.OPEN ||
      this.openedByOperator
    )
      return;
    this.logger.log(
      `The broker is connected again: closing the ${this.breaker.name} circuit, publishing resumes`,
    );
    this.breaker.close();
  }

  private async purge(): Promise<void> {
    const { purgeIntervalMs, retentionMs } = this.options;
    const now = Date.now();
    if (purgeIntervalMs === 0 || now - this.lastPurgeAt < purgeIntervalMs)
      return;
    this.lastPurgeAt = now;
    await this.store.purgePublished(now - retentionMs);
  }
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
