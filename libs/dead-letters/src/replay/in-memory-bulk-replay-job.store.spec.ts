import type { BulkReplayJobRecord } from './bulk-replay-job-record.interface.js';
import { InMemoryBulkReplayJobStore } from './in-memory-bulk-replay-job.store.js';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

function job(id: string, startedMs: number): BulkReplayJobRecord {
  return {
    id,
    state: 'RUNNING',
    filter: {},
    ratePerSecond: 10,
    limit: null,
    actor: 'alice',
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
    startedAt: at(startedMs),
    finishedAt: null,
    error: null,
    owner: 'a',
    leaseToken: `lease-${id}`,
    leaseExpiresAt: at(startedMs + 1_000),
    heartbeatAt: at(startedMs),
    takeovers: 0,
    cancelRequestedAt: null,
    cancelRequestedBy: null,
  };
}

const progress = (claimed: number) => ({
  counters: {
    claimed,
    delivered: claimed,
    handedOver: 0,
    failed: 0,
    released: 0,
    skipped: 0,
  },
  position: null,
  chunkToken: 'chunk-1',
});

describe('InMemoryBulkReplayJobStore', () => {
  it('stores progress only under the lease holding the job, and reports a cancel', async () => {
    const store = new InMemoryBulkReplayJobStore();
    await store.create(job('j', 0));
    expect(
      await store.checkpoint('j', 'lease-j', progress(3), at(100), at(1_100)),
    ).toEqual({ held: true, cancelRequested: false });
    expect(
      await store.checkpoint('j', 'stale', progress(9), at(200), at(1_200)),
    ).toEqual({ held: false, cancelRequested: false });
    expect(await store.requestCancel('j', 'bob', at(300))).toBe(true);
    expect(
      await store.checkpoint('j', 'lease-j', progress(4), at(400), at(1_400)),
    ).toEqual({ held: true, cancelRequested: true });
    const stored = await store.find('j');
    expect(stored).toMatchObject({
      counters: { claimed: 4 },
      chunkToken: 'chunk-1',
      cancelRequestedBy: 'bob',
      leaseExpiresAt: at(1_400),
    });
  });

  it('lets one instance take over a job whose lease lapsed, and fences the old owner', async () => {
    const store = new InMemoryBulkReplayJobStore();
    await store.create(job('j', 0));
    const lease = (owner: string) => ({
      owner,
      token: `lease-${owner}`,
      expiresAt: at(5_000),
    });
    // Not lapsed yet.
    expect(await store.findExpired(at(500), 10)).toEqual([]);
    expect(await store.takeOver('j', 'lease-j', lease('b'), at(500))).toBe(
      undefined,
    );
    expect((await store.findExpired(at(2_000), 10)).map((j) => j.id)).toEqual([
      'j',
    ]);
    const taken = await store.takeOver('j', 'lease-j', lease('b'), at(2_000));
    expect(taken).toMatchObject({ owner: 'b', takeovers: 1 });
    // A second taker, reading the same lapsed lease, loses.
    expect(await store.takeOver('j', 'lease-j', lease('c'), at(2_000))).toBe(
      undefined,
    );
    expect(
      await store.finish('j', 'lease-j', 'COMPLETED', progress(1), at(2_100)),
    ).toBe(false);
    expect(
      await store.finish('j', 'lease-b', 'COMPLETED', progress(5), at(2_100)),
    ).toBe(true);
    expect(await store.find('j')).toMatchObject({
      state: 'COMPLETED',
      owner: null,
      leaseToken: null,
      finishedAt: at(2_100),
    });
    expect(await store.requestCancel('j', 'bob', at(2_200))).toBe(false);
  });

  it('makes a handed-back job free to take over at once', async () => {
    const store = new InMemoryBulkReplayJobStore();
    await store.create(job('j', 0));
    expect(await store.handBack('j', 'lease-j', progress(2), at(100))).toBe(
      true,
    );
    expect((await store.findExpired(at(101), 10)).map((j) => j.id)).toEqual([
      'j',
    ]);
  });

  it('lists newest first and purges the finished jobs beyond those kept', async () => {
    const store = new InMemoryBulkReplayJobStore();
    for (const [id, ms] of [
      ['old', 0],
      ['mid', 10],
      ['new', 20],
      ['run', 5],
    ] as const) {
      await store.create(job(id, ms));
      if (id !== 'run')
        await store.finish(id, `lease-${id}`, 'COMPLETED', progress(0), at(ms));
    }
    expect((await store.list(10)).map((j) => j.id)).toEqual([
      'new',
      'mid',
      'run',
      'old',
    ]);
    expect(await store.purgeFinished(1)).toBe(2);
    expect((await store.list(10)).map((j) => j.id)).toEqual(['new', 'run']);
  });
});
