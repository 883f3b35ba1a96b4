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
const WARM_UP_S = 4;
const CONNECTIONS = 32;

it('measures the error envelope against Nest default exception handling, in server CPU per request', async () => {
  header(
    "Error envelope: server CPU per request, problem details against Nest's default handling",
    [
      'the same small Nest app (Express, ResilienceModule) in two processes: ' +
        'ENDPOINT_BENCH_VARIANT=envelope (ProblemDetailsModule global, its request-id middleware, ' +
        "a classified error) and ENDPOINT_BENCH_VARIANT=nest-default (NotFoundException, Nest's handler)",
      `each route: the same ${WARM_UP_S} s warm-up on both processes, then ${ROUNDS} ABBA rounds of ` +
        `${SLICE_S} s slices, autocannon with ${CONNECTIONS} connections from the benchmark's process`,
    ],
  );
  const servers: Partial<Record<EndpointVariant, BenchServer>> = {};
  try {
    for (const variant of ['nest-default', 'envelope'] as const)
      servers[variant] = await startServer(ENTRY, {
        ENDPOINT_BENCH_VARIANT: variant,
      });
    const contender = (
      label: string,
      variant: EndpointVariant,
      path: string,
    ) => ({
      label,
      server: servers[variant]!,
      path,
    });
    const common = {
      rounds: ROUNDS,
      sliceS: SLICE_S,
      warmUpS: WARM_UP_S,
    };
    await compareHttp({
      name: '404 answer',
      baseline: contender("Nest's default 404", 'nest-default', '/missing'),
      subjects: [
        contender('classified error, problem details', 'envelope', '/missing'),
      ],
      load: { connections: CONNECTIONS, errorsExpected: true },
      ...common,
    });
    await compareHttp({
      name: '200 answer',
      baseline: contender(
        'without the envelope',
        'nest-default',
        '/items/item-1',
      ),
      subjects: [contender('with the envelope', 'envelope', '/items/item-1')],
      load: { connections: CONNECTIONS },
      ...common,
    });
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}, 600_000);
