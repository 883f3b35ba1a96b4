import { fileURLToPath } from 'node:url';
import { orderBody } from '../test/orders/orders-test.app.js';
import { header } from './support/abba.js';
import {
  measureHttp,
  reportHttp,
  startServer,
  type BenchServer,
  type HttpSlice,
} from './support/http-cpu.js';
import type { LoadOptions } from './http.util.js';
import type { OrdersBenchReady } from './support/orders-bench.main.js';

const ENTRY = fileURLToPath(
  new URL('./support/orders-bench.main.ts', import.meta.url),
);

/**
 * `ORDERS_BENCH_CONTROL=1` runs the full stack in the baseline's process too: the ratios then
 * show the benchmark's own noise. The header prints it.
 */
const CONTROL = process.env.ORDERS_BENCH_CONTROL === '1';

/** Pairs of processes (one per variant), started in either order. */
const PAIRS = 2;
/** ABBA rounds per pair and route (so 2 x 4 = 8 rounds per route in all). */
const ROUNDS = 4;
/** Seconds of each slice. */
const SLICE_S = 2;

/**
 * Each route's load, and how long each process is loaded with it before the measured slices:
 * `POST /orders` keeps getting faster for the first 15 to 30 s of load (compilation, the
 * connection pool, PostgreSQL's caches), so a shorter warm-up leaves the first slices cold.
 */
const ROUTES = {
  post: {
    label: 'POST /orders',
    warmUpS: 15,
    load: {
      method: 'POST',
      body: JSON.stringify(orderBody()),
      headers: { 'content-type': 'application/json' },
      connections: 16,
    } satisfies LoadOptions,
  },
  get: {
    label: 'GET /orders/:id',
    warmUpS: 5,
    load: { connections: 32 } satisfies LoadOptions,
  },
} as const;
type Route = keyof typeof ROUTES;
type Variant = 'full' | 'bare';
type Server = BenchServer<OrdersBenchReady>;

const path = (server: Server, route: Route) =>
  route === 'post' ? '/orders' : `/orders/${server.ready.orderId}`;

it('measures the orders endpoints with the full resilience stack against the bare handlers', async () => {
  header(
    'Orders: server CPU per request, full resilience stack against the bare handlers',
    [
      `each variant's server in a process of its own (PostgreSQL, Redis, built-in simulators), ` +
        `loaded by autocannon from the benchmark's process`,
      `${PAIRS} pairs of processes (started in either order); per pair and route, the same ` +
        `warm-up on each, then ${ROUNDS} ABBA rounds of ${SLICE_S} s slices`,
      `baseline process: ${
        CONTROL
          ? 'CONTROL RUN, the full stack too (ratios show the noise)'
          : 'every guarded method of the orders providers replaced by its undecorated original'
      }`,
    ],
    ['ORDERS_BENCH_CONTROL'],
  );
  const samples = Object.fromEntries(
    (Object.keys(ROUTES) as Route[]).map((route) => [
      route,
      { full: [] as HttpSlice[], bare: [] as HttpSlice[] },
    ]),
  ) as Record<Route, Record<Variant, HttpSlice[]>>;
  let bypassed = 0;
  for (let pair = 0; pair < PAIRS; pair++) {
    const order: Variant[] =
      pair % 2 === 0 ? ['bare', 'full'] : ['full', 'bare'];
    const servers = {} as Record<Variant, Server>;
    try {
      for (const variant of order) {
        servers[variant] = await startServer<OrdersBenchReady>(ENTRY, {
          ORDERS_BENCH_VARIANT: CONTROL ? 'full' : variant,
        });
      }
      bypassed = servers.bare.ready.bypassed;
      for (const route of Object.keys(ROUTES) as Route[]) {
        const contender = (variant: Variant) => ({
          label: variant,
          server: servers[variant],
          path: path(servers[variant], route),
        });
        // The baseline goes first in the first pair, the subject in the second.
        const [first, second] = order.map(contender);
        const measured = await measureHttp({
          baseline: first,
          subjects: [second],
          load: ROUTES[route].load,
          rounds: ROUNDS,
          sliceS: SLICE_S,
          warmUpS: ROUTES[route].warmUpS,
        });
        samples[route][order[0]].push(...measured.baseline);
        samples[route][order[1]].push(...measured.subjects[0]);
      }
    } finally {
      await Promise.all(Object.values(servers).map((server) => server.stop()));
    }
  }
  process.stdout.write(
    `   guarded methods bypassed in the baseline process: ${bypassed}\n`,
  );
  for (const route of Object.keys(ROUTES) as Route[]) {
    const { label, load } = ROUTES[route];
    reportHttp({
      name: `Orders ${label} (${load.connections} connections)`,
      baselineLabel: CONTROL ? 'full stack (control)' : 'bare handlers',
      subjectLabel: 'full resilience stack',
      baseline: samples[route].bare,
      subject: samples[route].full,
      target: { atMost: 1.03 },
    });
  }
}, 900_000);
