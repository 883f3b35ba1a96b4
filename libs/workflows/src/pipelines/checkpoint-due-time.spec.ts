import { checkpointDueTime } from './checkpoint-due-time.js';
import { InMemoryCheckpointStore } from './in-memory-checkpoint.store.js';
import { PipelineStatus } from './pipeline-status.enum.js';

const NOW = new Date('2024-01-01T00:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);

/** A store holding message `m1`, held by its first claimer (lease token `t`). */
async function storeHeld() {
  const store = new InMemoryCheckpointStore();
  await store.create(
    {
      id: 'm1',
      type: 'order',
      payload: {},
      leaseToken: 't',
      leaseUntil: at(1_000),
    },
    NOW,
  );
  return store;
}

/** A store holding message `m1`, committed by its first claimer with `patch`. */
async function storeWith(
  patch: Parameters<InMemoryCheckpointStore['commit']>[2],
) {
  const store = await storeHeld();
  await store.commit('m1', 't', patch, [], NOW);
  return store;
}

const claimAt = (store: InMemoryCheckpointStore, now: Date, token: string) =>
  store.claim('m1', { token, until: new Date(now.getTime() + 1_000), now });

describe('checkpointDueTime', () => {
  it('is the instant a scheduled retry becomes claimable: a claim a millisecond earlier takes nothing', async () => {
    const store = await storeWith({
      status: PipelineStatus.RETRY_SCHEDULED,
      nextAttemptAt: at(500),
      leaseToken: null,
      leaseUntil: null,
    });
    const due = checkpointDueTime((await store.find('m1'))!);
    expect(due).toEqual(at(500));
    expect(await claimAt(store, at(499), 'early')).toBeUndefined();
    expect((await claimAt(store, due!, 'on-time'))?.leaseToken).toBe('on-time');
  });

  it('is just after the wait of a message given up until a time (an undo waiting to be retried)', async () => {
    const store = await storeWith({
      status: PipelineStatus.COMPENSATING,
      leaseToken: null,
      leaseUntil: at(300),
    });
    const due = checkpointDueTime((await store.find('m1'))!);
    expect(due).toEqual(at(301));
    expect(await claimAt(store, at(300), 'early')).toBeUndefined();
    expect((await claimAt(store, due!, 'on-time'))?.leaseToken).toBe('on-time');
  });

  it('is undefined for a message held by someone or finished', async () => {
    const held = await storeHeld();
    expect(checkpointDueTime((await held.find('m1'))!)).toBeUndefined();
    const finished = await storeWith({
      status: PipelineStatus.COMPLETED,
      leaseToken: null,
      leaseUntil: null,
    });
    expect(checkpointDueTime((await finished.find('m1'))!)).toBeUndefined();
  });
});
