import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import OpossumBreaker from 'opossum';
import { createHook } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CircuitBreakerRegistry,
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { figure, header } from './support/abba.js';

const BREAKERS = 10_000;
const FIRST = 1_000;
const MB = 1_000_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and external memory in use after full collections, in bytes. */
async function retained(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/**
 * Timers (`setTimeout` / `setInterval`, ref'd or not) created while `work` runs and still
 * pending after it: Node lists only ref'd ones among its active resources, so they are
 * followed through an async hook.
 */
async function timersLeftBy(work: () => Promise<void>): Promise<number> {
  const pending = new Set<number>();
  const hook = createHook({
    init: (id, type) => {
      if (type === 'Timeout') pending.add(id);
    },
    destroy: (id) => pending.delete(id),
  }).enable();
  try {
    await work();
    await new Promise((resolve) => setImmediate(resolve));
    return pending.size;
  } finally {
    hook.disable();
  }
}

/** What `count` breakers made by `create` hold: retained bytes, then timers still pending. */
async function footprint(
  create: (i: number) => Promise<unknown>,
): Promise<{ bytes: number; timersAtFirst: number; timersAtAll: number }> {
  const bytesBefore = await retained();
  for (let i = 0; i < BREAKERS; i++) await create(i);
  const bytes = (await retained()) - bytesBefore;
  // Then, apart so that the hook weighs on no memory figure: timers left by more breakers.
  const timersAtFirst = await timersLeftBy(async () => {
    for (let i = 0; i < FIRST; i++) await create(BREAKERS + i);
  });
  const timersAtAll = await timersLeftBy(async () => {
    for (let i = 0; i < BREAKERS; i++) await create(BREAKERS + FIRST + i);
  });
  return { bytes, timersAtFirst, timersAtAll };
}

it('measures what 10,000 named breakers hold: memory and timers', async () => {
  header(
    `${BREAKERS.toLocaleString('en-US')} named breakers: retained memory and active timers`,
    [
      'breakers made by CircuitBreakerRegistry.getOrCreate(name), each given one successful call, ' +
        'as a dependency named per tenant or per host would get',
      'retained = heap used + external after three full collections, against before the first ' +
        `breaker (MB = 10^6 bytes); then timers still pending (ref'd or not) after ${FIRST.toLocaleString('en-US')} ` +
        `more breakers, and after ${BREAKERS.toLocaleString('en-US')} more; raw opossum breakers likewise, for reference`,
    ],
  );
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({ config: {} }),
      }),
    ],
  })
  class BenchModule {}
  const app = await Test.createTestingModule({
    imports: [BenchModule],
  }).compile();
  await app.init();
  const registry = app.get(CircuitBreakerRegistry);
  const settings = loadResilienceSettings().defaults.circuitBreaker;
  const succeed = async () => 1;
  try {
    const ours = await footprint((i) =>
      registry
        .getOrCreate(`tenant-${i}`, settings)
        .execute(succeed, { attempt: 1 }),
    );
    figure(
      `ours: retained by ${BREAKERS.toLocaleString('en-US')} breakers`,
      ours.bytes / MB,
      'MB',
      { atMost: 25 },
    );
    figure(
      `ours: timers left pending by ${FIRST.toLocaleString('en-US')} breakers`,
      ours.timersAtFirst,
      'timers',
    );
    figure(
      `ours: timers left pending by ${BREAKERS.toLocaleString('en-US')} (constant: as by ${FIRST.toLocaleString('en-US')})`,
      ours.timersAtAll,
      'timers',
      { atMost: ours.timersAtFirst },
    );
  } finally {
    await app.close();
  }

  const raw: OpossumBreaker[] = [];
  try {
    const opossum = await footprint((i) => {
      const breaker = new OpossumBreaker(succeed, {
        name: `tenant-${i}`,
        timeout: settings.timeoutMs,
        errorThresholdPercentage: settings.errorThresholdPercentage,
        resetTimeout: settings.resetTimeoutMs,
      });
      raw.push(breaker);
      return breaker.fire();
    });
    figure(
      `raw opossum, for reference: retained by ${BREAKERS.toLocaleString('en-US')} breakers`,
      opossum.bytes / MB,
      'MB',
    );
    figure(
      `raw opossum, for reference: timers left pending by ${BREAKERS.toLocaleString('en-US')}`,
      opossum.timersAtAll,
      'timers',
    );
  } finally {
    for (const breaker of raw) breaker.shutdown();
  }
}, 300_000);
