import { InMemoryCheckpointStore } from './in-memory-checkpoint.store.js';
import { PipelineStatus } from './pipeline-status.enum.js';

const NOW = new Date('2024-01-01T00:00:00Z');

describe('InMemoryCheckpointStore claims', () => {
  it('lets one of two claimers win a stuck message and none take a held one', async () => {
    const store = new InMemoryCheckpointStore();
    await store.create(
      {
        id: 'm1',
        type: 'order',
        payload: {},
        leaseToken: 'dead',
        leaseUntil: NOW,
      },
      NOW,
    );
    const later = new Date(NOW.getTime() + 1);
    const claim = (token: string) =>
      store.claimDue(
        10,
        { token, until: new Date(later.getTime() + 1000), now: later },
        later,
      );
    const [a, b] = await Promise.all([claim('a'), claim('b')]);
    expect(a.length + b.length).toBe(1);
    expect(await claim('c')).toEqual([]);
  });

  it('moves a replayed dead letter back to processing, once', async () => {
    const store = new InMemoryCheckpointStore();
    await store.create(
      {
        id: 'm1',
        type: 'order',
        payload: {},
        leaseToken: 't',
        leaseUntil: NOW,
      },
      NOW,
    );
    await store.commit(
      'm1',
      't',
      {
        status: PipelineStatus.DEAD_LETTERED,
        leaseToken: null,
        leaseUntil: null,
      },
      [],
      NOW,
    );
    const claim = {
      token: 'r',
      until: new Date(NOW.getTime() + 1000),
      now: NOW,
    };
    const claimed = await store.claim('m1', claim, [
      PipelineStatus.DEAD_LETTERED,
    ]);
    expect(claimed?.status).toBe(PipelineStatus.PROCESSING);
    expect(
      await store.claim('m1', { ...claim, token: 'r2' }, [
        PipelineStatus.DEAD_LETTERED,
      ]),
    ).toBeUndefined();
  });

  it('counts stuck messages and purges only finished ones past the cut-off', async () => {
    const store = new InMemoryCheckpointStore();
    const lease = { leaseToken: 't', leaseUntil: NOW };
    await store.create(
      { id: 'stuck', type: 'order', payload: {}, ...lease },
      NOW,
    );
    await store.create(
      { id: 'done', type: 'order', payload: {}, ...lease },
      NOW,
    );
    await store.commit(
      'done',
      't',
      {
        status: PipelineStatus.COMPLETED,
        leaseToken: null,
        leaseUntil: null,
        finishedAt: NOW,
      },
      [],
      NOW,
    );
    const later = new Date(NOW.getTime() + 1);
    expect(await store.stats(later)).toEqual({
      byStatus: { [PipelineStatus.RECEIVED]: 1, [PipelineStatus.COMPLETED]: 1 },
      stuck: 1,
    });
    expect(await store.purgeFinished(NOW, [PipelineStatus.COMPLETED], 10)).toBe(
      0,
    );
    expect(
      await store.purgeFinished(later, [PipelineStatus.COMPLETED], 10),
    ).toBe(1);
    expect(await store.find('done')).toBeUndefined();
    expect(await store.find('stuck')).toBeDefined();
  });
});
