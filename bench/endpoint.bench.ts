import { fileURLToPath } from 'node:url';
import { header } from './support/abba.js';
import {
  compareHttp,
  startServer,
  type BenchServer,
} from './support/http-cpu.js';
import type { EndpointVariant } from './support/endpoint-bench.main.js';

const ENTRY = fileURLToPath(
  new URL('./support/endpoint-bench.main.ts', import.meta.url),
);
const ROUNDS = 6;
const SLICE_S = 2;
const WARM_UP_S = 5;
const CONNECTIONS = 32;

it('measures what the resilience decorators cost an HTTP endpoint, in server CPU per request', async () => {
  header(
    'HTTP endpoint: server CPU per request, decorated against undecorated',
    [
      'GET /items/:id of the same small Nest app (Express, ResilienceModule, ProblemDetailsModule), ' +
        'no other middleware, so nothing dilutes what the decorators cost',
      'decorated: @Fallback @Retry @CircuitBreaker (10 s timeout) on the provider method the route calls; ' +
        'route-level: the same decorators on the route, through the ResilienceInterceptor',
      `each variant in a process of its own (ENDPOINT_BENCH_VARIANT=undecorated|decorated|route), ` +
        `loaded by autocannon (${CONNECTIONS} connections) from the benchmark's process: the same ${WARM_UP_S} s ` +
        `warm-up on each, then ${ROUNDS} rounds of ${SLICE_S} s slices in A B C C B A order`,
    ],
  );
  const servers: Partial<Record<EndpointVariant, BenchServer>> = {};
  try {
    for (const variant of ['undecorated', 'decorated', 'route'] as const)
      servers[variant] = await startServer(ENTRY, {
        ENDPOINT_BENCH_VARIANT: variant,
      });
    const contender = (label: string, variant: EndpointVariant) => ({
      label,
      server: servers[variant]!,
      path: '/items/item-1',
    });
    await compareHttp({
      name: 'GET /items/:id',
      baseline: contender('undecorated', 'undecorated'),
      subjects: [
        contender('decorated provider method', 'decorated'),
        contender('decorated route (interceptor)', 'route'),
      ],
      load: { connections: CONNECTIONS },
      rounds: ROUNDS,
      sliceS: SLICE_S,
      warmUpS: WARM_UP_S,
      target: { atMost: 1.03 },
    });
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}, 600_000);
