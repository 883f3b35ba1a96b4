import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultProxy } from '@nest-resilience/resilience/testing';
import { planBurst } from './burst.plan.js';
import {
  describeBurst,
  runBurst,
  type BurstBroker,
  type BurstReport,
} from './burst.run.js';
import type { MessagingTestDatabase } from './messaging-test.database.js';
import type { MessagingTestApp } from './messaging-test.app.js';

/** Messages per burst: the full 10,000 settle in well under a minute on two cores. */
export const BURST_TOTAL = 10_000;
const POISON_PERCENT = 3;
const OUTAGE_MS = 3_000;

/** What a transport's burst spec set up in its `beforeAll`. */
export interface BurstFixture {
  t: MessagingTestApp;
  database: MessagingTestDatabase;
  broker: BurstBroker;
  /** The only way the app reaches PostgreSQL: the outage is made there. */
  postgres: FaultProxy;
}

/** What every burst must come to, outage or not. */
function expectExact(report: BurstReport, total: number): void {
  const poison = (total * POISON_PERCENT) / 100;
  expect(report.appliedOnce).toBe(total - poison);
  expect(report.appliedTwice).toBe(0);
  expect(report.notApplied).toBe(0);
  expect(report.poisonApplied).toBe(0);
  expect(report.poisonDeadLettered).toBe(poison);
  expect(report.poisonWithValidationCode).toBe(poison);
  expect(report.poisonMissing).toBe(0);
  expect(report.otherDeadLetters).toEqual([]);
  expect(report.deadLettered).toBe(poison);
  expect(report.reordered).toBe(0);
  expect(report.backlog).toBe(0);
  expect(report.inFlight).toBe(0);
}

/**
 * The burst cases every durable transport must pass, run against the fixture its spec
 * started: a plain burst, and one with PostgreSQL down for a few seconds in its middle.
 */
export function defineBurstCases(
  label: string,
  fixture: () => BurstFixture,
): void {
  it('applies every valid message once and dead-letters exactly the poison, as VALIDATION_FAILED', async () => {
    const { t, database, broker } = fixture();
    const plan = planBurst(BURST_TOTAL, POISON_PERCENT);
    const report = await runBurst(t, database, broker, plan, {
      timeoutMs: 150_000,
    });
    process.stdout.write(describeBurst(label, BURST_TOTAL, report));
    expectExact(report, BURST_TOTAL);
  }, 180_000);

  it('dead-letters nothing for a PostgreSQL outage in the middle of the burst, and applies all once after it', async () => {
    const { t, database, broker, postgres } = fixture();
    const plan = planBurst(BURST_TOTAL, POISON_PERCENT);
    let outage: { before: number; during: number } | undefined;
    const report = await runBurst(t, database, broker, plan, {
      timeoutMs: 150_000,
      onProgress: async (settled, count) => {
        if (outage || settled < BURST_TOTAL * 0.4) return;
        postgres.down();
        await sleep(OUTAGE_MS);
        outage = { before: settled, during: (await count()) - settled };
        postgres.pass();
      },
    });
    process.stdout.write(
      describeBurst(`${label}, PostgreSQL down 3 s`, BURST_TOTAL, report),
    );
    // The outage came in the middle, and the consumer really lost its database: at most what
    // was committing at the cut settled while it lasted.
    expect(outage?.before).toBeLessThan(BURST_TOTAL * 0.6);
    expect(outage?.during).toBeLessThanOrEqual(64);
    expectExact(report, BURST_TOTAL);
  }, 180_000);
}
