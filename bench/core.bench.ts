import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import OpossumBreaker from 'opossum';
import {
  CircuitBreaker,
  CircuitBreakerPolicy,
  CircuitBreakerRegistry,
  Fallback,
  loadResilienceSettings,
  ResilienceModule,
  Retry,
} from '@nest-resilience/resilience';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { heading, median, nsPerCall, report } from './bench.util.js';

const TIMEOUT_MS = 10_000;

@Injectable()
class Guarded {
  @Fallback({ value: 0 })
  @Retry('bench')
  @CircuitBreaker('bench')
  async call(): Promise<number> {
    return 1;
  }

  @Retry('bench-open')
  @CircuitBreaker('bench-open')
  async rejected(): Promise<number> {
    return 1;
  }
}

/** Per-call medians of each contender, measured in alternating rounds. */
async function alternating(
  contenders: readonly (() => Promise<unknown>)[],
  { calls, rounds }: { calls: number; rounds: number },
): Promise<number[]> {
  const samples = contenders.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, contender] of contenders.entries()) {
      // A turn of the event loop first: until the microtask queue drains, Node keeps every
      // promise that was rejected before it had a handler, and one contender's leftovers
      // would weigh on the other's garbage collection.
      await new Promise((resolve) => setImmediate(resolve));
      samples[index].push(await nsPerCall(contender, { calls, rounds: 1 }));
    }
  }
  return samples.map(median);
}

function settingsFile(): string {
  const file = join(tmpdir(), `bench-resilience-${process.pid}.json`);
  const circuitBreaker = { timeoutMs: TIMEOUT_MS, volumeThreshold: 1_000_000 };
  writeFileSync(
    file,
    JSON.stringify({
      services: { bench: { circuitBreaker }, 'bench-open': { circuitBreaker } },
    }),
  );
  return file;
}

it('measures the cost of the resilience stack against opossum', async () => {
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({ file: settingsFile() }),
      }),
    ],
    providers: [Guarded],
  })
  class BenchModule {}
  const app = await Test.createTestingModule({
    imports: [BenchModule],
  }).compile();
  await app.init();
  const guarded = app.get(Guarded);
  const registry = app.get(CircuitBreakerRegistry);

  const bare = async () => 1;
  const opossum = new OpossumBreaker(bare, { timeout: TIMEOUT_MS });

  heading('Success path, per call (sequential, awaited)');
  const bareNs = await nsPerCall(bare);
  const opossumNs = await nsPerCall(() => opossum.fire());
  const stackNs = await nsPerCall(() => guarded.call());
  // Node keeps one timer list per duration and drops it when it empties. Calls made one at a
  // time leave opossum's timer alone in its list, so each call creates and drops one; under
  // concurrent traffic another call's timer of the same duration is usually pending.
  const otherCall = setTimeout(() => undefined, TIMEOUT_MS);
  otherCall.unref();
  const opossumSharedNs = await nsPerCall(() => opossum.fire());
  clearTimeout(otherCall);
  report('bare async call', bareNs, 'ns');
  report('raw opossum fire() with a timeout', opossumNs, 'ns');
  report("  same, another call's timer pending", opossumSharedNs, 'ns');
  report('@Fallback @Retry @CircuitBreaker (timeout)', stackNs, 'ns', {
    to: 'opossum',
    value: stackNs / opossumNs,
    target: '<= 1.0x',
    ok: stackNs / opossumNs <= 1,
  });
  report("  against opossum with another call's timer pending", stackNs, 'ns', {
    to: 'opossum',
    value: stackNs / opossumSharedNs,
  });

  heading('Open circuit, per rejected call');
  const openOpossum = new OpossumBreaker(bare, { timeout: TIMEOUT_MS });
  openOpossum.open();
  registry.get('bench-open')!.open();
  // No timer is involved on either side, so the rounds can alternate: load that comes and goes
  // on a shared machine then weighs on both alike.
  const [opossumRejectNs, stackRejectNs] = await alternating(
    [
      () => openOpossum.fire().catch(() => 0),
      () => guarded.rejected().catch(() => 0),
    ],
    { calls: 50_000, rounds: 9 },
  );
  report('raw opossum rejection', opossumRejectNs, 'ns');
  report('@Retry @CircuitBreaker rejection', stackRejectNs, 'ns', {
    to: 'opossum',
    value: stackRejectNs / opossumRejectNs,
    target: '<= 0.5x',
    ok: stackRejectNs / opossumRejectNs <= 0.5,
  });

  heading('A failure with 100,000 successes in the rolling window');
  const failing = async () => {
    throw new Error('down');
  };
  const settings = {
    ...loadResilienceSettings().defaults.circuitBreaker,
    volumeThreshold: 10_000_000,
    rollingCountTimeoutMs: 600_000,
  };
  const failureCost = async (
    withSuccesses: number,
    breaker: (fail: boolean) => Promise<unknown>,
  ) => {
    for (let i = 0; i < withSuccesses; i++) await breaker(false);
    return nsPerCall(() => breaker(true).catch(() => 0), {
      calls: 200,
      rounds: 5,
    });
  };
  const ours = (successes: number) => {
    const policy = new CircuitBreakerPolicy({
      name: `window-${successes}`,
      settings,
      isFailure: () => true,
    });
    const run = (fail: boolean) =>
      policy.execute(fail ? failing : bare, { attempt: 1 });
    return failureCost(successes, run).finally(() => policy.shutdown());
  };
  const raw = (successes: number) => {
    const breaker = new OpossumBreaker(
      (fail: boolean) => (fail ? failing() : bare()),
      {
        timeout: TIMEOUT_MS,
        volumeThreshold: 10_000_000,
        rollingCountTimeout: 600_000,
      },
    );
    return failureCost(successes, (fail) => breaker.fire(fail)).finally(() =>
      breaker.shutdown(),
    );
  };
  const oursEmpty = await ours(0);
  const oursFull = await ours(100_000);
  const rawEmpty = await raw(0);
  const rawFull = await raw(100_000);
  report('opossum, empty window', rawEmpty, 'ns');
  report('opossum, 100,000 successes in the window', rawFull, 'ns', {
    to: 'empty',
    value: rawFull / rawEmpty,
  });
  report('ours, empty window', oursEmpty, 'ns');
  report('ours, 100,000 successes in the window', oursFull, 'ns', {
    to: 'empty',
    value: oursFull / oursEmpty,
    target: '<= 2x',
    ok: oursFull / oursEmpty <= 2,
  });

  opossum.shutdown();
  openOpossum.shutdown();
  await app.close();
}, 300_000);
