import { Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MessagingEvents } from '@nest-resilience/messaging';
import { ResilienceMetrics } from '@nest-resilience/resilience';

/**
 * `resilience_messages_total{transport,queue,outcome}`: the messages the durable consumers
 * settled, by transport (`rabbitmq`, `nats`, `in-process`), queue (or durable consumer) and
 * outcome (`handled`, `redelivered`, `parked`, `dead_lettered`), counted from the messaging
 * library's own settlement events.
 */
@Injectable()
export class MessageMetrics implements OnModuleDestroy {
  private readonly unsubscribe: () => void = () => undefined;

  constructor(
    metrics: ResilienceMetrics,
    @Optional() events?: MessagingEvents,
  ) {
    if (!metrics.enabled || !events) return;
    const counter = new Counter({
      name: metrics.name('messages_total'),
      help: 'Messages settled by the durable consumers, by transport, queue and outcome',
      labelNames: ['transport', 'queue', 'outcome'],
      registers: [metrics.registry],
    });
    this.unsubscribe = events.on(({ transport, queue, outcome }) =>
      counter.inc({ transport, queue, outcome }),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }
}
