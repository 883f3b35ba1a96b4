import { setTimeout as sleep } from 'node:timers/promises';
import { FaultProxy } from '@nest-resilience/resilience/testing';
import { startChaosApp, type ChaosApp } from './chaos-app.starter.js';
import { ChaosQueueBroker } from './chaos-queue.broker.js';
import {
  formatChaosReport,
  recoveredBy,
  requestRecovery,
  type BreakerSummary,
} from './chaos.report.js';
import { CHAOS, SERVICES } from './chaos.settings.js';
import {
  plannedFaults,
  runFaults,
  type ChaosProxies,
} from './fault.schedule.js';
import { driveLoad } from './load.driver.js';
import { MessageLedger, type MessageTotals } from './message.ledger.js';

/**
 * `npm run chaos`: the application, started in this process as `main.ts` starts it, reaches
 * PostgreSQL, Redis and RabbitMQ only through fault proxies, and its product and delivery
 * services are its own simulators. Under a bounded load of the orders API, each dependency
 * fails in turn (see `fault.schedule.ts`); then the outbox and the queue drain, the run prints
 * what was answered, what became of every event and how long each recovery took, and fails on
 * any lost or duplicated message, any 500 answer (an event dead-lettered as `INTERNAL`
 * included), and any event dead-lettered at all: every event is valid, and a fault says
 * "later", so the consumer delivers it again with backoff until it applies.
 */
describe('chaos: the orders application while each dependency fails in turn', () => {
  it('answers no 500 and loses or duplicates no message', async () => {
    const ledger = await MessageLedger.create(SERVICES.postgres, CHAOS.schema);
    const broker = new ChaosQueueBroker(SERVICES.rabbitmq, CHAOS.queue);
    const proxies: Partial<ChaosProxies> = {};
    let app: ChaosApp | undefined;
    try {
      await broker.depth();
      proxies.postgres = await FaultProxy.start(SERVICES.postgres);
      proxies.redis = await FaultProxy.start(SERVICES.redis);
      proxies.rabbitmq = await FaultProxy.start(SERVICES.rabbitmq);
      const ready = proxies as ChaosProxies;
      app = await startChaosApp({
        NODE_ENV: 'test',
        DATABASE_URL: ready.postgres.url(SERVICES.postgres),
        DATABASE_SCHEMA: CHAOS.schema,
        REDIS_URL: ready.redis.url(SERVICES.redis),
        RABBITMQ_URL: ready.rabbitmq.url(SERVICES.rabbitmq),
        NATS_URL: undefined,
        MESSAGING_QUEUE: CHAOS.queue,
        // Redis pub/sub would hand this app the events of anything else on the same Redis.
        MESSAGING_REDIS_EVENTS: 'false',
        ADMIN_TOKEN: CHAOS.adminToken,
        PRODUCT_SERVICE_URL: undefined,
        DELIVERY_SERVICE_URL: undefined,
        ALERT_WEBHOOK_URL: undefined,
        // One client makes every request: the per-client limit is not what is under test.
        RATE_LIMIT_PER_MINUTE: '1000000',
      });

      const faults = plannedFaults();
      const startedAt = Date.now();
      const [requests] = await Promise.all([
        driveLoad({
          url: app.url,
          concurrency: CHAOS.concurrency,
          deadline: startedAt + CHAOS.loadMs,
          timeoutMs: CHAOS.clientTimeoutMs,
        }),
        runFaults(faults, ready, app.url),
      ]);
      const loadMs = Date.now() - startedAt;

      const drainStartedAt = Date.now();
      const drained = await drain(ledger, broker);
      await sleep(CHAOS.settleMs);
      const messages = await ledger.totals((await broker.depth()).dead);
      const drainMs = Date.now() - drainStartedAt;

      const recoveries = await Promise.all(
        faults.map(async (fault) => {
          const end = fault.endedAt ?? Infinity;
          const applied = await ledger.firstAppliedAfter(end);
          return {
            requestMs: requestRecovery(requests, end, recoveredBy(fault.name)),
            messageMs: applied === undefined ? undefined : applied - end,
          };
        }),
      );
      const breakers = await fetch(`${app.url}/admin/resilience/breakers`, {
        headers: { authorization: `Bearer ${CHAOS.adminToken}` },
      }).then(
        async (response) =>
          ((await response.json()) as { breakers: BreakerSummary[] }).breakers,
      );

      console.log(
        formatChaosReport({
          startedAt,
          loadMs,
          drainMs,
          drained,
          concurrency: CHAOS.concurrency,
          requests,
          faults,
          recoveries,
          messages,
          transitions: app.transitions,
          breakers,
          logCounts: app.logger.counts,
          logSamples: app.logger.samples,
        }),
      );

      const statuses = requests.map((request) => request.status);
      expect(
        statuses.filter((status) => status === 500).length,
        '500 answers',
      ).toBe(0);
      // The message path's 500: an event given up on as an unexpected error, not retried.
      expect(
        messages.deadLetteredInternal,
        'events dead-lettered as INTERNAL',
      ).toBe(0);
      // Every event of the run is valid: a fault only ever says "later", so the consumer
      // delivers its events again until they apply, and none may be dead-lettered for it.
      expect(
        messages.deadLettered + messages.brokerDeadLettered,
        'events dead-lettered for a fault',
      ).toBe(0);
      expect(messages.lost, 'lost messages').toBe(0);
      expect(messages.duplicated, 'duplicated messages').toBe(0);
      expect(messages.duplicateOrders, 'orders stored twice').toBe(0);
      expect(faults.every((fault) => fault.endedAt !== undefined)).toBe(true);
      expect(messages.published, 'events published').toBeGreaterThan(0);
    } finally {
      await app?.close();
      for (const proxy of Object.values(proxies)) await proxy.close();
      await broker.delete().catch(() => undefined);
      await ledger.drop();
    }
  });
});

/**
 * Waits, up to `CHAOS.drainMs`, until the outbox is published, the queue is empty and every
 * event is accounted for.
 * @returns whether it drained in time
 */
async function drain(
  ledger: MessageLedger,
  broker: ChaosQueueBroker,
): Promise<boolean> {
  const deadline = Date.now() + CHAOS.drainMs;
  for (;;) {
    const depth = await broker.depth();
    const totals: MessageTotals = await ledger.totals(depth.dead);
    if (totals.unpublished === 0 && depth.ready === 0 && totals.lost === 0) {
      return true;
    }
    if (Date.now() > deadline) return false;
    await sleep(500);
  }
}
