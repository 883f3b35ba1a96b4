import { BulkReplaySettler } from './bulk-replay.settler.js';

/** A write the test finishes by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('BulkReplaySettler', () => {
  it('settles one entry at once, and batches what arrives during a write', async () => {
    const writes: { ids: string[]; handedOver: boolean }[] = [];
    const first = gate();
    const after = vi.fn(() => Promise.resolve());
    const settler = new BulkReplaySettler(
      async (ids, handedOver) => {
        writes.push({ ids: [...ids], handedOver });
        if (writes.length === 1) await first.opened;
      },
      after,
      () => undefined,
    );
    settler.add('a', false);
    settler.add('b', false);
    settler.add('c', true);
    settler.add('d', false);
    first.open();
    await settler.drain();
    expect(writes).toEqual([
      { ids: ['a'], handedOver: false },
      { ids: ['b', 'd'], handedOver: false },
      { ids: ['c'], handedOver: true },
    ]);
    expect(after.mock.calls).toEqual([
      [{ resolved: 1, handedOver: 0 }],
      [{ resolved: 2, handedOver: 1 }],
    ]);
  });

  it('stops at the first failure, reports it once, and throws it from drain', async () => {
    const failure = new Error('store down');
    const onError = vi.fn();
    const settle = vi.fn(() => Promise.reject(failure));
    const settler = new BulkReplaySettler(
      settle,
      () => Promise.resolve(),
      onError,
    );
    settler.add('a', false);
    await expect(settler.drain()).rejects.toBe(failure);
    settler.add('b', false);
    await expect(settler.drain()).rejects.toBe(failure);
    expect(settle).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('drains at once when nothing was queued', async () => {
    const settle = vi.fn(() => Promise.resolve());
    await new BulkReplaySettler(
      settle,
      () => Promise.resolve(),
      () => undefined,
    ).drain();
    expect(settle).not.toHaveBeenCalled();
  });
});
