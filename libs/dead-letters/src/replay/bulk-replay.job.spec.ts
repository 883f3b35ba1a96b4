import type { Logger } from '@nestjs/common';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import type { DeadLetter } from '../dead-letter.interface.js';
import type { DeadLetterCursor } from '../dead-letter-query.interface.js';
import type { DeadLetterClaim, DeadLetterStore } from '../dead-letter.store.js';
import type { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import type { BulkReplayJobRecord } from './bulk-replay-job-record.interface.js';
import { BulkReplayJob, type BulkReplayJobDeps } from './bulk-replay.job.js';
import type { DeadLetterReplayService } from './dead-letter-replay.service.js';
import { InMemoryBulkReplayJobStore } from './in-memory-bulk-replay-job.store.js';

type Row = Pick<DeadLetter, 'id' | 'createdAt' | 'status'> & {
  token: string | null;
};

/** The dead letter store's claim and settlement rules, over rows in memory. */
class FakeEntries {
  readonly rows: Row[];
  constructor(count: number) {
    this.rows = Array.from({ length: count }, (_, i) => ({
      id: `e${String(i).padStart(2, '0')}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      status: DeadLetterStatus.PENDING,
      token: null,
    }));
  }

  asStore(): DeadLetterStore {
    const claimBatch = (
      _filter: unknown,
      limit: number,
      claim: DeadLetterClaim,
      after?: DeadLetterCursor,
    ) => {
      const taken = this.rows
        .filter((r) => r.status === DeadLetterStatus.PENDING)
        .filter((r) => !after || r.id > after.id)
        .slice(0, limit);
      for (const row of taken)
        Object.assign(row, {
          status: DeadLetterStatus.RETRYING,
          token: claim.token,
        });
      return Promise.resolve(taken.map(entry));
    };
    const reclaim = (claim: DeadLetterClaim) =>
      Promise.resolve(
        this.rows
          .filter(
            (r) =>
              r.token === claim.token && r.status === DeadLetterStatus.RETRYING,
          )
          .map(entry),
      );
    const release = (ids: readonly string[], token: string) =>
      Promise.resolve(this.settle(ids, token, DeadLetterStatus.PENDING));
    return { claimBatch, reclaim, release } as unknown as DeadLetterStore;
  }

  settle(
    ids: readonly string[],
    token: string,
    status: DeadLetterStatus,
  ): number {
    let held = 0;
    for (const row of this.rows) {
      if (ids.includes(row.id) && row.token === token) {
        Object.assign(row, { status, token: null });
        held++;
      }
    }
    return held;
  }

  count(status: DeadLetterStatus): number {
    return this.rows.filter((r) => r.status === status).length;
  }
}

function entry(row: Row): DeadLetter {
  return { ...row, destination: 'http://x' } as unknown as DeadLetter;
}

function record(
  overrides: Partial<BulkReplayJobRecord> = {},
): BulkReplayJobRecord {
  const now = new Date();
  return {
    id: 'job-1',
    state: 'RUNNING',
    filter: {},
    ratePerSecond: 1_000,
    limit: null,
    actor: null,
    counters: {
      claimed: 0,
      delivered: 0,
      handedOver: 0,
      failed: 0,
      released: 0,
      skipped: 0,
    },
    position: null,
    chunkToken: null,
    startedAt: now,
    finishedAt: null,
    error: null,
    owner: 'a',
    leaseToken: 'lease-a',
    leaseExpiresAt: new Date(now.getTime() + 10_000),
    heartbeatAt: now,
    takeovers: 0,
    cancelRequestedAt: null,
    cancelRequestedBy: null,
    ...overrides,
  };
}

async function setUp(
  count: number,
  overrides: Partial<BulkReplayJobRecord> = {},
) {
  const entries = new FakeEntries(count);
  const jobs = new InMemoryBulkReplayJobStore();
  const stored = record(overrides);
  await jobs.create(stored);
  const sent: string[] = [];
  const replay = {
    hasTransport: () => true,
    attempt: (e: DeadLetter) => {
      sent.push(e.id);
      return Promise.resolve({ kind: 'delivered', handedOver: false });
    },
    settleDelivered: (ids: readonly string[], token: string) =>
      Promise.resolve(entries.settle(ids, token, DeadLetterStatus.RESOLVED)),
  } as unknown as DeadLetterReplayService;
  const deps: BulkReplayJobDeps = {
    store: entries.asStore(),
    jobs,
    policy: {
      run: (fn: () => Promise<unknown>) => fn(),
    } as DeadLetterStorePolicy,
    replay,
    logger: {
      log: vi.fn(),
      warn: vi.fn(),
      error: vi.fn(),
    } as unknown as Logger,
    maxReplayAttempts: 10,
    chunkSize: 3,
    concurrency: 2,
    heartbeatIntervalMs: 50,
    leaseMs: 10_000,
  };
  const start = () => new BulkReplayJob(stored, stored.leaseToken!, deps);
  return { entries, jobs, sent, start };
}

const until = async (done: () => boolean) => {
  for (let i = 0; i < 400 && !done(); i++)
    await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('BulkReplayJob', () => {
  it('delivers every matching entry once, and stores its end and progress', async () => {
    const { entries, jobs, sent, start } = await setUp(7);
    await start().done;
    expect(sent).toEqual(entries.rows.map((r) => r.id));
    expect(entries.count(DeadLetterStatus.RESOLVED)).toBe(7);
    expect(await jobs.find('job-1')).toMatchObject({
      state: 'COMPLETED',
      counters: { claimed: 7, delivered: 7 },
      chunkToken: null,
      owner: null,
      position: { id: 'e06' },
    });
  });

  it('resumes a taken-over job: delivers the chunk its owner left unsettled, then goes on after the position', async () => {
    const { entries, jobs, sent, start } = await setUp(6, {
      chunkToken: 'left-behind',
      position: { createdAt: new Date(), id: 'e03' },
      // The owner died after settling e00..e01 and before storing that.
      counters: {
        claimed: 4,
        delivered: 1,
        handedOver: 0,
        failed: 0,
        released: 0,
        skipped: 0,
      },
    });
    entries.rows[0]!.status = DeadLetterStatus.RESOLVED;
    entries.rows[1]!.status = DeadLetterStatus.RESOLVED;
    for (const row of entries.rows.slice(2, 4))
      Object.assign(row, {
        status: DeadLetterStatus.RETRYING,
        token: 'left-behind',
      });
    await start().done;
    expect(sent).toEqual(['e02', 'e03', 'e04', 'e05']);
    expect(entries.count(DeadLetterStatus.RESOLVED)).toBe(6);
    expect((await jobs.find('job-1'))?.counters).toMatchObject({
      claimed: 6,
      delivered: 5,
    });
  });

  it('stops at a cancel asked elsewhere, giving back what it did not send', async () => {
    const { entries, jobs, sent, start } = await setUp(20, {
      ratePerSecond: 20,
    });
    const job = start();
    await until(() => sent.length >= 2);
    await jobs.requestCancel('job-1', 'bob', new Date());
    await job.done;
    const stored = await jobs.find('job-1');
    expect(stored?.state).toBe('CANCELLED');
    expect(sent.length).toBeLessThan(20);
    expect(entries.count(DeadLetterStatus.RESOLVED)).toBe(sent.length);
    expect(entries.count(DeadLetterStatus.PENDING)).toBe(20 - sent.length);
    expect(stored?.counters.delivered).toBe(sent.length);
  });

  it('stops without storing anything once another instance took it over, leaving its claim to it', async () => {
    const { entries, jobs, sent, start } = await setUp(20, {
      ratePerSecond: 20,
    });
    const job = start();
    await until(() => sent.length >= 2);
    // Its lease lapsed (as after a long pause) and another instance took the job.
    const taken = await jobs.takeOver(
      'job-1',
      'lease-a',
      {
        owner: 'b',
        token: 'lease-b',
        expiresAt: new Date(Date.now() + 60_000),
      },
      new Date(Date.now() + 20_000),
    );
    expect(taken).toBeDefined();
    await job.done;
    const stored = await jobs.find('job-1');
    expect(stored).toMatchObject({
      state: 'RUNNING',
      owner: 'b',
      takeovers: 1,
    });
    expect(stored?.counters).toEqual(taken?.counters);
    // Nothing given back: what it claimed and did not send is still under the stored claim.
    const claimed = entries.rows.filter(
      (r) => r.status !== DeadLetterStatus.PENDING,
    );
    const lastClaimed = claimed.at(-1)!.id;
    for (const row of entries.rows.filter(
      (r) => r.status === DeadLetterStatus.PENDING,
    )) {
      expect(row.id > lastClaimed).toBe(true);
    }
    for (const row of claimed.filter(
      (r) => r.status === DeadLetterStatus.RETRYING,
    )) {
      expect(row.token).toBe(stored?.chunkToken);
    }
    expect(sent.length).toBeLessThan(20);
  });
});
