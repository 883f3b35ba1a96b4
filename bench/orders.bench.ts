import { fileURLToPath } from 'node:url';
import { orderBody } from '../test/orders/orders-test.app.js';
import {
  startAppProcess,
  type AppProcess,
} from '../test/support/child.process.js';
import { heading, median, report } from './bench.util.js';
import { urlRequestsPerSecond, type LoadOptions } from './http.util.js';
import type { OrdersBenchReady } from './support/orders-bench.main.js';

const ENTRY = fileURLToPath(
  new URL('./support/orders-bench.main.ts', import.meta.url),
);

/**
 * `ORDERS_BENCH_CONTROL=1` runs the full stack in both processes of each pair: the ratios then
 * show the benchmark's own noise (on a quiet two-core machine, a single pair reads 0.96–1.1x,
 * with rarer outliers; the median of the pairs about 1.00 ± 0.03x).
 */
const CONTROL = process.env.ORDERS_BENCH_CONTROL === '1';

/** Pairs of processes (one per variant) measured in turn. */
const PAIRS = 6;
/** Alternating slices per variant, route and pair. */
const SLICES = 8;
/** Seconds of each slice. */
const SLICE_S = 2;

type Variant = 'full' | 'bare';

/** Requests served and server CPU time spent, summed over a variant's slices. */
interface Totals {
  requests: number;
  cpuUs: number;
}

/**
 * Each route's load, and how long each process is loaded with it before the measured slices:
 * `POST /orders` keeps getting faster for 20 to 30 s of load (compilation, the connection pool,
 * PostgreSQL's caches), so a shorter warm-up leaves the first slices cold, which biases whichever
 * variant takes them and widens the spread between pairs.
 */
const ROUTES = {
  post: {
    label: 'POST /orders',
    warmUpS: 20,
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

type Server = AppProcess<OrdersBenchReady>;

interface PairResult {
  totals: Record<Route, Record<Variant, Totals>>;
  /** Guarded methods the baseline process bypassed. */
  bypassed: number;
}

const path = (server: Server, route: Route) =>
  route === 'post' ? '/orders' : `/orders/${server.ready.orderId}`;

async function cpuUs(server: Server): Promise<number> {
  const usage = await server.ask<NodeJS.CpuUsage>({ usage: true });
  return usage.user + usage.system;
}

/** One slice of load on `route` of `server`, added to `totals`. */
async function slice(
  server: Server,
  route: Route,
  totals: Totals,
): Promise<void> {
  const before = await cpuUs(server);
  const rps = await urlRequestsPerSecond(
    `${server.ready.url}${path(server, route)}`,
    {
      ...ROUTES[route].load,
      durationS: SLICE_S,
    },
  );
  totals.cpuUs += (await cpuUs(server)) - before;
  totals.requests += rps * SLICE_S;
}

/**
 * Starts both variants, each in a process of its own (PostgreSQL, Redis, the built-in
 * simulators), warms them up, then loads them in alternating short slices, so drift in the
 * machine's speed falls on both alike.
 * @returns for each route and variant, the requests served and the CPU time they took
 */
async function measurePair(startOrder: Variant[]): Promise<PairResult> {
  // Started in either order, so whatever favours the first (or second) process started
  // falls on both variants alike across pairs.
  const start = (variant: Variant) =>
    startAppProcess<OrdersBenchReady>(ENTRY, {
      ORDERS_BENCH_VARIANT: CONTROL ? 'full' : variant,
    });
  const servers = {} as Record<Variant, Server>;
  for (const variant of startOrder) servers[variant] = await start(variant);
  try {
    const totals = {} as Record<Route, Record<Variant, Totals>>;
    for (const route of Object.keys(ROUTES) as Route[]) {
      // Warm-up, so no measured slice pays for JIT compilation or cold pools.
      for (const server of Object.values(servers)) {
        await urlRequestsPerSecond(
          `${server.ready.url}${path(server, route)}`,
          {
            ...ROUTES[route].load,
            durationS: ROUTES[route].warmUpS,
          },
        );
      }
      totals[route] = {
        full: { requests: 0, cpuUs: 0 },
        bare: { requests: 0, cpuUs: 0 },
      };
      // Slices in A B B A order, each pair starting with the variant it started first, so the
      // first slice after the warm-up falls on both variants alike across pairs.
      for (let i = 0; i < SLICES; i++) {
        const order = i % 2 === 0 ? startOrder : [...startOrder].reverse();
        for (const variant of order)
          await slice(servers[variant], route, totals[route][variant]);
      }
    }
    return { totals, bypassed: servers.bare.ready.bypassed };
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}

it('measures orders throughput with the full resilience stack against the bare handlers', async () => {
  const pairs: Record<Route, Record<Variant, Totals>>[] = [];
  let bypassed = 0;
  for (let pair = 0; pair < PAIRS; pair++) {
    const result = await measurePair(
      pair % 2 === 0 ? ['full', 'bare'] : ['bare', 'full'],
    );
    pairs.push(result.totals);
    bypassed = result.bypassed;
  }

  heading(
    `Orders (autocannon in the bench process; each variant's server in a process of its own, ` +
      `loaded in ${SLICES} alternating ${SLICE_S} s slices; median of ${PAIRS} pairs of processes; ` +
      `PostgreSQL, Redis, built-in simulators; ` +
      (CONTROL
        ? 'CONTROL RUN: the full stack in both processes)'
        : `${bypassed} guarded methods bypassed in the baseline)`),
  );
  for (const route of Object.keys(ROUTES) as Route[]) {
    const { label, load } = ROUTES[route];
    const rps = (t: Totals) => t.requests / (SLICES * SLICE_S);
    const cpu = (t: Totals) => t.cpuUs / t.requests;
    const ratios = pairs.map((p) => rps(p[route].full) / rps(p[route].bare));
    const cpuRatios = pairs.map((p) => cpu(p[route].bare) / cpu(p[route].full));
    const spread = (values: number[]) =>
      `pairs ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}x`;
    report(
      `${label}, bare handlers (${load.connections} connections)`,
      median(pairs.map((p) => rps(p[route].bare))),
      'req/s',
    );
    report(
      `${label}, full resilience stack`,
      median(pairs.map((p) => rps(p[route].full))),
      'req/s',
      {
        to: `bare, ${spread(ratios)}`,
        value: median(ratios),
        target: '>= 0.95x',
        ok: median(ratios) >= 0.95,
      },
    );
    report(
      `${label}, server CPU per request, bare`,
      median(pairs.map((p) => cpu(p[route].bare))),
      'us',
    );
    report(
      `${label}, server CPU per request, full (as throughput)`,
      median(pairs.map((p) => cpu(p[route].full))),
      'us',
      {
        to: `bare, ${spread(cpuRatios)}`,
        value: median(cpuRatios),
        target: '>= 0.95x',
        ok: median(cpuRatios) >= 0.95,
      },
    );
  }
}, 900_000);
