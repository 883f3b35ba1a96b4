import {
  CircuitBreakerRegistry,
  CircuitState,
  createErrorClassifier,
  loadResilienceSettings,
} from '@nest-resilience/resilience';
import { DeliveryGuarantee } from '../delivery-guarantee.enum.js';
import type { ResilientMessagingModuleOptions } from '../resilient-messaging-options.interface.js';
import { MessagePublisher, type PublishOutcome } from './message.publisher.js';
import type { OutboundMessage } from './outbound-message.interface.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxSignal } from './outbox.signal.js';
import type { OutboxStore } from './outbox.store.js';

/** A broker connection the spec takes down and brings back. */
class SwitchablePublisher extends MessagePublisher {
  readonly transport = 'rabbitmq';
  readonly guarantee = DeliveryGuarantee.AT_LEAST_ONCE;
  readonly replayScheme = 'amqp';
  connected = false;
  readonly published: string[] = [];

  isConnected(): boolean {
    return this.connected;
  }

  publish(messages: readonly OutboundMessage[]): Promise<PublishOutcome[]> {
    this.published.push(...messages.map((m) => m.messageId));
    return Promise.resolve(messages.map(() => ({ ok: true as const })));
  }

  replay(): Promise<void> {
    return Promise.resolve();
  }
}

/** An outbox holding the events not published yet. */
function outboxOf(...messageIds: string[]) {
  const pending = new Map(
    messageIds.map((messageId, i) => [
      String(i + 1),
      {
        position: String(i + 1),
        messageId,
        pattern: 'EVENT',
        groupKey: messageId,
        sequence: 1,
        payload: '{}',
        headers: {},
        createdAt: 0,
      } satisfies OutboundMessage,
    ]),
  );
  return {
    claim: () => Promise.resolve([...pending.values()]),
    markPublished: (_owner: string, positions: string[]) => {
      for (const position of positions) pending.delete(position);
      return Promise.resolve();
    },
    release: () => Promise.resolve(),
    purgePublished: () => Promise.resolve(0),
  } as unknown as OutboxStore;
}

describe('OutboxRelay after a broker outage', () => {
  // Slow on purpose: a circuit that waits a minute to probe, and a minute of backoff.
  const settings = loadResilienceSettings({
    config: {
      services: {
        rabbitmq: {
          circuitBreaker: {
            volumeThreshold: 1,
            errorThresholdPercentage: 1,
            resetTimeoutMs: 60_000,
          },
          retry: { baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none' },
        },
      },
    },
  });
  const options: ResilientMessagingModuleOptions = {
    broker: { transport: 'rabbitmq', url: 'amqp://127.0.0.1', queue: 'q' },
    relay: { pollIntervalMs: 50 },
  };
  let breakers: CircuitBreakerRegistry;
  let publisher: SwitchablePublisher;
  let relay: OutboxRelay | undefined;

  beforeEach(() => {
    breakers = new CircuitBreakerRegistry(createErrorClassifier());
    publisher = new SwitchablePublisher();
  });

  afterEach(async () => {
    await relay?.onApplicationShutdown();
    relay = undefined;
    breakers.get('rabbitmq')?.shutdown();
  });

  function startRelay(store: OutboxStore): OutboxRelay {
    relay = new OutboxRelay(
      store,
      publisher,
      new OutboxSignal(),
      breakers,
      settings,
      options,
    );
    relay.onApplicationBootstrap();
    return relay;
  }

  it('publishes as soon as the broker is connected again, closing the circuit the outage opened', async () => {
    startRelay(outboxOf('m-1'));
    await vi.waitFor(() =>
      expect(breakers.get('rabbitmq')?.currentState).toBe(CircuitState.OPEN),
    );

    publisher.connected = true;

    await vi.waitFor(() => expect(publisher.published).toEqual(['m-1']), {
      timeout: 2_000,
    });
    expect(breakers.get('rabbitmq')?.currentState).toBe(CircuitState.CLOSED);
  });

  it('notices a broker that was back before the relay paused', async () => {
    startRelay(outboxOf('m-3'));
    // The broker returns as the circuit opens: no pause ever sees it down.
    breakers.get('rabbitmq')!.onStateChange((change) => {
      if (change.to === CircuitState.OPEN) publisher.connected = true;
    });

    await vi.waitFor(() => expect(publisher.published).toEqual(['m-3']), {
      timeout: 2_000,
    });
  });

  it('leaves a circuit an operator opened open, whatever the connection', async () => {
    startRelay(outboxOf('m-2'));
    await vi.waitFor(() =>
      expect(breakers.get('rabbitmq')?.currentState).toBe(CircuitState.OPEN),
    );
    breakers.get('rabbitmq')!.close();
    breakers.get('rabbitmq')!.open();

    publisher.connected = true;
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(publisher.published).toEqual([]);
    expect(breakers.get('rabbitmq')?.currentState).toBe(CircuitState.OPEN);
  });
});
