import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import axios from 'axios';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import {
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import {
  DeadLetterModule,
  DeadLetterService,
  DeadLetterBulkReplayService,
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
} from '@nest-resilience/dead-letters';
import { compare, header } from './support/abba.js';

const POSTGRES_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Writes per side and round. */
const WRITES = 8_000;
/** Entries replayed (and POSTs sent) per side and round. */
const REPLAYS = 5_000;
/** Producers writing at once, as a busy consumer pool would. */
const PRODUCERS = 256;
/** Deliveries at once: the bulk replay's concurrency, and the baseline's. */
const DELIVERIES = 64;
const ROUNDS = 5;
const POOL_SIZE = 10;

function configFile(): string {
  const file = join(tmpdir(), `bench-dlq-${process.pid}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      services: {
        postgres: {
          circuitBreaker: { timeoutMs: 5000, volumeThreshold: 20 },
          retry: {
            maxAttempts: 2,
            backoff: 'fixed',
            baseDelayMs: 50,
            maxDelayMs: 50,
            jitter: 'none',
          },
          bulkhead: { maxConcurrent: 10, maxQueue: 1000 },
        },
        'alert-webhook': { retry: { maxAttempts: 1 } },
        'dlq-replay': {
          circuitBreaker: { timeoutMs: 5000, volumeThreshold: 100_000 },
        },
      },
    }),
  );
  return file;
}

/** Runs `count` calls of `fn`, `concurrency` at a time. @returns calls per second */
async function perSecond(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await fn(next++);
    }),
  );
  return (count * 1000) / (performance.now() - start);
}

// The destination runs in a process of its own, as a real one would, so it does not share the
// event loop it is measured against.
const TARGET = `
  const http = require('node:http');
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/count') return res.end(String(received));
      received++;
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

async function startTarget(): Promise<{
  url: string;
  received: () => Promise<number>;
  stop: () => void;
}> {
  const child = spawn(process.execPath, ['-e', TARGET], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${line.toString().trim()}`;
  return {
    url: `${base}/hook`,
    received: async () =>
      Number(
        (await axios.get<string>(`${base}/count`, { responseType: 'text' }))
          .data,
      ),
    stop: () => child.kill(),
  };
}

function entry(i: number, source: string, destination: string) {
  return {
    source,
    destination,
    pattern: 'order.created',
    payload: {
      orderId: `o-${i}`,
      items: [{ sku: 'a', quantity: 1 }],
      customer: { password: 'x' },
    },
    headers: { 'x-tenant': 't-1', authorization: 'Bearer bench' },
    error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED',
    }),
  };
}

/**
 * Dead-letter writes/s (through `DeadLetterService`, acknowledged after commit, write-behind
 * batching) and replays/s (a bulk replay to a loopback HTTP destination) on PostgreSQL, each in
 * ABBA rounds against a baseline in the same conditions: one TypeORM INSERT of the same row per
 * write through the same pool, and axios POSTs to the same destination, as many at once.
 * Targets: >= 5,000 writes/s and >= 2,000 replays/s.
 */
export async function main(): Promise<void> {
  header(
    'Dead letters on PostgreSQL: writes and bulk replay against plain INSERTs and plain POSTs',
    [
      `writes: ${WRITES} per side and round from ${PRODUCERS} producers at once, pool of ${POOL_SIZE}; ` +
        'ours: DeadLetterService.deadLetter, resolved after its batch committed; baseline: ' +
        "repository.insert() of the same row, one statement per write, as TypeORM's documentation shows it",
      `replays: ${REPLAYS} per side and round to a loopback HTTP destination in a process of its own, ` +
        `${DELIVERIES} at a time; ours: a bulk replay of ${REPLAYS} pending entries (written before the ` +
        `round, untimed); baseline: axios.post with a keep-alive agent, ${DELIVERIES} at a time`,
      `${ROUNDS} ABBA rounds after one discarded round`,
    ],
    ['DATABASE_URL'],
  );
  const schema = `dlq_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const target = await startTarget();
  const file = configFile();
  const settings = loadResilienceSettings({ file });
  rmSync(file, { force: true });
  @Module({
    imports: [
      ResilienceModule.forRoot({ settings }),
      ProblemDetailsModule.forRoot({}),
      TypeOrmModule.forRoot({
        type: 'postgres',
        url: POSTGRES_URL,
        schema,
        poolSize: POOL_SIZE,
        entities: [...DEAD_LETTER_ENTITIES],
        migrations: [...DEAD_LETTER_MIGRATIONS],
        migrationsRun: true,
      }),
      DeadLetterModule.forRoot({
        maxSize: 0,
        storeService: 'postgres',
        replayService: 'dlq-replay',
        maintenanceIntervalMs: 0,
        sizeRefreshMs: 1_000,
        bulkReplay: {
          maxRatePerSecond: 1_000_000,
          chunkSize: 500,
          concurrency: DELIVERIES,
        },
        alerts: { deadLetterThreshold: 0 },
      }),
    ],
  })
  class BenchModule {}
  const moduleRef = await Test.createTestingModule({ imports: [BenchModule] })
    .setLogger(false as never)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  try {
    const service = app.get(DeadLetterService);
    const dataSource = app.get<DataSource>(getDataSourceToken());
    const repository = dataSource.getRepository('dead_letters');
    await compare({
      name: `Dead-letter writes, ${PRODUCERS} producers, ack after commit`,
      unit: 'writes/s',
      baseline: {
        label: 'one TypeORM INSERT per write',
        measure: () =>
          perSecond(WRITES, PRODUCERS, () =>
            repository.insert(row(target.url)),
          ),
      },
      subject: {
        label: 'DeadLetterService.deadLetter',
        measure: () =>
          perSecond(WRITES, PRODUCERS, (i) =>
            service.deadLetter(entry(i, 'bench-queue', target.url)),
          ),
      },
      rounds: ROUNDS,
      target: { subject: { atLeast: 5_000 } },
    });

    // What the writes left pending is resolved, so each replay round replays its own entries.
    await repository
      .createQueryBuilder()
      .update()
      .set({ status: 'RESOLVED' })
      .where('status = :status', { status: 'PENDING' })
      .execute();
    const bulk = app.get(DeadLetterBulkReplayService);
    const http = axios.create({
      httpAgent: new Agent({ keepAlive: true, maxSockets: DELIVERIES }),
    });
    let round = 0;
    await compare({
      name: 'Bulk replay to loopback HTTP',
      unit: 'replays/s',
      baseline: {
        label: `plain axios POSTs, ${DELIVERIES} at a time`,
        measure: () =>
          perSecond(REPLAYS, DELIVERIES, (i) =>
            http.post(target.url, entry(i, 'baseline', target.url).payload),
          ),
      },
      subject: {
        label: 'DeadLetterBulkReplayService',
        measure: async () => {
          const source = `replay-${round++}`;
          await perSecond(REPLAYS, PRODUCERS, (i) =>
            service.deadLetter(entry(i, source, target.url)),
          );
          const before = await target.received();
          const start = performance.now();
          const job = await bulk.start({
            filter: { source },
            ratePerSecond: 1_000_000,
          });
          const done = await bulk.wait(job.id);
          const rate = (done.delivered * 1000) / (performance.now() - start);
          const received = (await target.received()) - before;
          if (done.delivered !== REPLAYS || received !== REPLAYS)
            throw new Error(
              `bulk replay delivered ${done.delivered} and the destination received ${received} of ${REPLAYS}`,
            );
          return rate;
        },
      },
      rounds: ROUNDS,
      target: { subject: { atLeast: 2_000 } },
    });
  } finally {
    await app.close();
    target.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

/** The baseline's row: what the service stores for a write, as one INSERT. */
function row(destination: string) {
  const now = new Date();
  return {
    id: randomUUID(),
    source: 'baseline',
    destination,
    payload: entry(0, 'baseline', destination).payload,
    headers: { 'x-tenant': 't-1' },
    errorType: 'Error',
    errorCode: 'UPSTREAM_UNAVAILABLE',
    category: 'TRANSIENT',
    severity: 'HIGH',
    errorMessage: 'connect ECONNREFUSED 127.0.0.1:9',
    retryCount: 0,
    status: 'RESOLVED',
    receivedAt: now,
    firstFailedAt: now,
    lastFailedAt: now,
    createdAt: now,
    resolvedAt: now,
  };
}

// Under `npm run bench` (vitest) this file is a test; under a plain TypeScript runner, a script.
if (typeof it === 'function') {
  it(
    'measures dead-letter writes/s and replays/s on PostgreSQL',
    () => main(),
    600_000,
  );
} else {
  await main();
}
