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
// Deep imports keep the benchmark runnable before (and without) the library's index exports.
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
import { heading, report } from './bench.util.js';

const POSTGRES_URL =
  process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITES = 50_000;
const REPLAYS = 20_000;
/** Producers writing at once, as a busy consumer pool would. */
const PRODUCERS = 256;

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

function entry(i: number, destination: string) {
  return {
    source: 'bench-queue',
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
 * batching) and replays/s (a bulk replay to a loopback HTTP destination) on PostgreSQL, each
 * against a baseline measured in the same run: one INSERT per write through TypeORM, and plain
 * axios POSTs to the same destination. Targets: >= 5,000 writes/s and >= 2,000 replays/s.
 */
export async function main(): Promise<void> {
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
        poolSize: 10,
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
          concurrency: 64,
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

    await perSecond(2_000, PRODUCERS, (i) =>
      service.deadLetter(entry(i, target.url)),
    );
    const writes = await perSecond(WRITES, PRODUCERS, (i) =>
      service.deadLetter(entry(i, target.url)),
    );
    const baselineWrites = await perSecond(5_000, PRODUCERS, async () => {
      const now = new Date();
      await repository.insert({
        id: randomUUID(),
        source: 'baseline',
        destination: target.url,
        payload: { a: 1 },
        headers: {},
        errorType: 'Error',
        errorCode: 'UPSTREAM_UNAVAILABLE',
        category: 'TRANSIENT',
        severity: 'HIGH',
        errorMessage: 'x',
        retryCount: 0,
        status: 'RESOLVED',
        receivedAt: now,
        firstFailedAt: now,
        lastFailedAt: now,
        createdAt: now,
        resolvedAt: now,
      });
    });

    heading('Dead letter queue on PostgreSQL (2 cores, loopback)');
    report(
      `dead-letter writes (${PRODUCERS} producers, ack after commit)`,
      writes,
      'writes/s',
      {
        to: 'one INSERT per write',
        value: writes / baselineWrites,
        target: '>= 5,000 writes/s',
        ok: writes >= 5_000,
      },
    );
    report(
      'baseline: one TypeORM INSERT per write',
      baselineWrites,
      'writes/s',
    );

    // Only REPLAYS entries stay pending: the rest are resolved, as a long-running queue's would be.
    await repository
      .createQueryBuilder()
      .update()
      .set({ status: 'RESOLVED' })
      .where(
        `id NOT IN (SELECT id FROM ${schema}.dead_letters WHERE status = 'PENDING' ORDER BY created_at LIMIT ${REPLAYS})`,
      )
      .execute();
    const bulk = app.get(DeadLetterBulkReplayService);
    const before = await target.received();
    const start = performance.now();
    const job = bulk.start({ filter: {}, ratePerSecond: 1_000_000 });
    const done = await bulk.wait(job.id);
    const replays = (done.delivered * 1000) / (performance.now() - start);
    const received = (await target.received()) - before;
    const http = axios.create({
      httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
    });
    const baselineReplays = await perSecond(10_000, 64, () =>
      http.post(target.url, { orderId: 'o' }),
    );
    report(
      `bulk replay to loopback HTTP (${done.delivered} delivered, ${received} received)`,
      replays,
      'replays/s',
      {
        to: 'plain axios POSTs',
        value: replays / baselineReplays,
        target: '>= 2,000 replays/s',
        ok: replays >= 2_000,
      },
    );
    report(
      'baseline: plain axios POSTs, 64 at a time',
      baselineReplays,
      'posts/s',
    );
  } finally {
    await app.close();
    target.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
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
