import request from 'supertest';
import { KeyValueStore } from '../src/cache/key-value.store.js';
import { RateLimitStorage } from '../src/cache/rate-limit.storage.js';
import { DeliveryClient } from '../src/orders/clients/delivery.client.js';
import { ProductClient } from '../src/orders/clients/product.client.js';
import { DeliveryRequestStore } from '../src/orders/delivery/delivery-request.store.js';
import { IdempotencyStore } from '../src/orders/idempotency/idempotency.store.js';
import { OrderCache } from '../src/orders/order.cache.js';
import { OrderStore } from '../src/orders/order.store.js';
import {
  createTestSchema,
  orderBody,
  startOrdersApp,
  type OrdersTestApp,
} from '../test/orders/orders-test.app.js';
import { heading, median, report } from './bench.util.js';
import { requestsPerSecond } from './http.util.js';

/** Rounds of each measurement. */
const ROUNDS = 5;

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

/**
 * Removes the guarded versions the explorer put on each instance, so calls reach the
 * undecorated methods of the prototype: the same handlers without the resilience stack.
 */
function removeDecorators(t: OrdersTestApp): number {
  let removed = 0;
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
        delete instance[name];
        removed++;
      }
    }
  }
  return removed;
}

/** One measured run: requests per second, and this process's CPU time per request. */
interface Measure {
  rps: number;
  cpuUsPerRequest: number;
}

async function measure(
  t: OrdersTestApp,
  path: string,
  options: Parameters<typeof requestsPerSecond>[2] = {},
): Promise<Measure> {
  const durationS = options.durationS ?? 5;
  const before = process.cpuUsage();
  const rps = await requestsPerSecond(t.app, path, { ...options, durationS });
  const used = process.cpuUsage(before);
  return {
    rps,
    cpuUsPerRequest: (used.user + used.system) / (rps * durationS),
  };
}

it('measures orders throughput with the full resilience stack against the bare handlers', async () => {
  const schema = await createTestSchema();
  const full = await startOrdersApp(schema, { rateLimitPerMinute: 10_000_000 });
  const bare = await startOrdersApp(schema, { rateLimitPerMinute: 10_000_000 });
  const removed = removeDecorators(bare);
  const body = JSON.stringify(orderBody());
  const post = {
    method: 'POST' as const,
    body,
    headers: { 'content-type': 'application/json' },
    connections: 16,
    durationS: 3,
  };
  try {
    const { body: order } = await request(full.url)
      .post('/orders')
      .send(orderBody())
      .expect(201);
    const get = `/orders/${order.id}`;

    // Warm both up so neither pays for JIT compilation or cold pools in its measured run.
    for (const t of [full, bare]) {
      await measure(t, '/orders', post);
      await measure(t, get, { durationS: 2 });
    }
    // Alternating rounds, the order swapped each time, so drift in the machine's load (other
    // processes, the database's own work) falls on both alike; the median round is reported.
    // Throughput swings with whatever else the machine runs; the process's CPU time per request
    // (server, simulators and autocannon alike, the same work on both sides) swings much less.
    const rounds: Record<
      'postFull' | 'postBare' | 'getFull' | 'getBare',
      Measure
    >[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pair =
        round % 2 === 0 ? ([full, bare] as const) : ([bare, full] as const);
      const posts = [
        await measure(pair[0], '/orders', post),
        await measure(pair[1], '/orders', post),
      ];
      const gets = [
        await measure(pair[0], get, { durationS: 3 }),
        await measure(pair[1], get, { durationS: 3 }),
      ];
      const fullFirst = pair[0] === full;
      rounds.push({
        postFull: posts[fullFirst ? 0 : 1],
        postBare: posts[fullFirst ? 1 : 0],
        getFull: gets[fullFirst ? 0 : 1],
        getBare: gets[fullFirst ? 1 : 0],
      });
    }

    heading(
      `Orders (autocannon, loopback, median of ${ROUNDS} alternating rounds; PostgreSQL, Redis, ` +
        `built-in simulators; ${removed} guarded methods bypassed in the baseline)`,
    );
    for (const [label, fullKey, bareKey, connections] of [
      ['POST /orders', 'postFull', 'postBare', 16],
      ['GET /orders/:id', 'getFull', 'getBare', 32],
    ] as const) {
      const rps = median(rounds.map((r) => r[fullKey].rps / r[bareKey].rps));
      const cpu = median(
        rounds.map(
          (r) => r[bareKey].cpuUsPerRequest / r[fullKey].cpuUsPerRequest,
        ),
      );
      report(
        `${label}, bare handlers (${connections} connections, 3 s)`,
        median(rounds.map((r) => r[bareKey].rps)),
        'req/s',
      );
      report(
        `${label}, full resilience stack`,
        median(rounds.map((r) => r[fullKey].rps)),
        'req/s',
        {
          to: 'bare',
          value: rps,
          target: '>= 0.95x',
          ok: rps >= 0.95,
        },
      );
      report(
        `${label}, CPU per request, bare`,
        median(rounds.map((r) => r[bareKey].cpuUsPerRequest)),
        'us',
      );
      report(
        `${label}, CPU per request, full (as throughput)`,
        median(rounds.map((r) => r[fullKey].cpuUsPerRequest)),
        'us',
        {
          to: 'bare',
          value: cpu,
          target: '>= 0.95x',
          ok: cpu >= 0.95,
        },
      );
    }
  } finally {
    await full.close();
    await bare.close();
    await schema.drop();
  }
}, 300_000);
