import { randomUUID } from 'node:crypto';
import type { CheckpointPatch } from '../pipelines/checkpoint.interface.js';
import type { CheckpointClaim } from '../pipelines/checkpoint.store.js';
import { InMemoryCheckpointStore } from '../pipelines/in-memory-checkpoint.store.js';
import { PipelineStatus } from '../pipelines/pipeline-status.enum.js';
import type { ResolvedWorkflowsOptions } from '../workflows-module-options.interface.js';
import { MessageProcessor } from './message.processor.js';

describe('MessageProcessor.process, when its claim loses', () => {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  let store: InMemoryCheckpointStore;
  let processor: MessageProcessor;

  // A claim read from the clock now, as the engine makes one.
  const claim = (): CheckpointClaim => {
    const now = new Date();
    return {
      token: randomUUID(),
      now,
      until: new Date(now.getTime() + 5_000),
    };
  };

  // A message an earlier run left in the store as `patch` says.
  const stored = async (patch: CheckpointPatch): Promise<string> => {
    const id = randomUUID();
    const now = new Date();
    await store.create({ id, type: 'order-fulfilment', payload: {} }, now);
    await store.claim(id, {
      token: 'earlier-run',
      now,
      until: new Date(now.getTime() + 5_000),
    });
    await store.commit(id, 'earlier-run', patch, [], now);
    return id;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: start });
    store = new InMemoryCheckpointStore();
    // Only the claim is reached: a lost claim runs no step.
    processor = new MessageProcessor(
      { name: 'workflow' } as ResolvedWorkflowsOptions,
      undefined as never,
      store,
      undefined as never,
      undefined as never,
      undefined as never,
    );
  });

  afterEach(() => vi.useRealTimers());

  it('answers not-due with the time left when a retry is claimed before its due time', async () => {
    const id = await stored({
      status: PipelineStatus.RETRY_SCHEDULED,
      nextAttemptAt: new Date(start + 100),
      leaseToken: null,
      leaseUntil: null,
    });
    expect(await processor.process(id, claim())).toEqual({
      kind: 'not-due',
      delayMs: 100,
    });
    vi.setSystemTime(start + 99);
    expect(await processor.process(id, claim())).toEqual({
      kind: 'not-due',
      delayMs: 1,
    });
    // Left as it was: still waiting, held by nobody.
    expect(await store.find(id)).toMatchObject({
      status: PipelineStatus.RETRY_SCHEDULED,
      nextAttemptAt: new Date(start + 100),
    });
    expect((await store.find(id))?.leaseToken).toBeUndefined();
  });

  it('answers not-due for an undo whose retry waits in its lease, until just after the lease ends', async () => {
    const id = await stored({
      status: PipelineStatus.COMPENSATING,
      leaseToken: null,
      leaseUntil: new Date(start + 50),
    });
    expect(await processor.process(id, claim())).toEqual({
      kind: 'not-due',
      delayMs: 51,
    });
    vi.setSystemTime(start + 50);
    expect(await processor.process(id, claim())).toEqual({
      kind: 'not-due',
      delayMs: 1,
    });
  });

  it('answers not-claimed when someone else holds the message, it is finished, or it is unknown', async () => {
    const held = await stored({ status: PipelineStatus.PROCESSING });
    const finished = await stored({
      status: PipelineStatus.COMPLETED,
      leaseToken: null,
      leaseUntil: null,
      finishedAt: new Date(start),
    });
    for (const id of [held, finished, randomUUID()])
      expect(await processor.process(id, claim())).toEqual({
        kind: 'not-claimed',
      });
  });
});
