// Entry of one process of the orders benchmark (forked by orders.bench.ts through
// test/support/ts-child.runner.mjs): the orders application in its own schema, with the
// resilience stack (`ORDERS_BENCH_VARIANT=full`) or with every guarded method of the orders
// providers replaced by its undecorated original (`bare`); the benchmark sets the variable and
// prints what each process runs. Each variant runs alone in its process, so neither shares a
// heap, timers or compiled code with the other. It reports `{ url, orderId, bypassed }` when
// ready, answers `{ usage: true }` with its CPU time so far, and closes on `{ stop: true }`.
import { KeyValueStore } from '../../src/cache/key-value.store.js';
import { RateLimitStorage } from '../../src/cache/rate-limit.storage.js';
import { DeliveryClient } from '../../src/orders/clients/delivery.client.js';
import { ProductClient } from '../../src/orders/clients/product.client.js';
import { DeliveryRequestStore } from '../../src/orders/delivery/delivery-request.store.js';
import { IdempotencyStore } from '../../src/orders/idempotency/idempotency.store.js';
import { OrderCache } from '../../src/orders/order.cache.js';
import { OrderStore } from '../../src/orders/order.store.js';
import { serveBench } from './bench-server.js';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
} from '../../test/orders/orders-test.app.js';

/** Every provider whose methods carry resilience decorators. */
const GUARDED = [
  ProductClient,
  DeliveryClient,
  OrderStore,
  DeliveryRequestStore,
  KeyValueStore,
  OrderCache,
  IdempotencyStore,
  RateLimitStorage,
];

/** What the process reports when it is ready. */
export interface OrdersBenchReady {
  url: string;
  /** An order to read back. */
  orderId: string;
  /** Guarded methods replaced by their originals (0 with the full stack). */
  bypassed: number;
}

/**
 * Replaces the guarded versions the explorer put on each instance by the undecorated methods
 * of the prototype, as own properties, so the instances keep the shape they have with the
 * full stack: the same handlers without the resilience stack.
 */
function bypassResilience(t: OrdersTestApp): number {
  let bypassed = 0;
  for (const type of GUARDED) {
    const instance = t.get(type as never) as Record<string, unknown>;
    const prototype = Object.getPrototypeOf(instance) as Record<
      string,
      unknown
    >;
    for (const name of Object.getOwnPropertyNames(instance)) {
      if (
        typeof instance[name] === 'function' &&
        typeof prototype[name] === 'function'
      ) {
        instance[name] = prototype[name];
        bypassed++;
      }
    }
  }
  return bypassed;
}

const schema = await createTestSchema();
const t = await startOrdersApp(schema, { rateLimitPerMinute: 100_000_000 });
const variant = process.env.ORDERS_BENCH_VARIANT;
if (variant !== 'bare' && variant !== 'full')
  throw new Error(`ORDERS_BENCH_VARIANT must be bare or full, not ${variant}`);
const bypassed = variant === 'bare' ? bypassResilience(t) : 0;
const created = await fetch(`${t.url}/orders`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(orderBody()),
});
if (created.status !== 201)
  throw new Error(`POST /orders answered ${created.status}`);
const { id } = (await created.json()) as { id: string };
serveBench(
  { url: t.url, orderId: id, bypassed } satisfies OrdersBenchReady,
  () => t.close().then(() => schema.drop()),
);
