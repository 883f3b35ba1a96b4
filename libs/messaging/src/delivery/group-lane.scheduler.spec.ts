import { GroupLaneScheduler } from './group-lane.scheduler.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('GroupLaneScheduler', () => {
  it('runs the tasks of one key one after another, in the order given', async () => {
    const lanes = new GroupLaneScheduler();
    const order: string[] = [];
    const first = deferred();
    const a = lanes.run('g', async () => {
      order.push('a:start');
      await first.promise;
      order.push('a:end');
    });
    const b = lanes.run('g', async () => {
      order.push('b');
    });
    await Promise.resolve();
    expect(order).toEqual(['a:start']);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a:start', 'a:end', 'b']);
  });

  it('runs tasks of different keys, and tasks without a key, side by side', async () => {
    const lanes = new GroupLaneScheduler();
    const blocker = deferred();
    const started: string[] = [];
    const a = lanes.run('g1', async () => {
      started.push('g1');
      await blocker.promise;
    });
    const b = lanes.run('g2', async () => {
      started.push('g2');
    });
    const c = lanes.run(undefined, async () => {
      started.push('none');
    });
    await Promise.all([b, c]);
    expect([...started].sort()).toEqual(['g1', 'g2', 'none']);
    expect(lanes.inFlight).toBe(1);
    blocker.resolve();
    await a;
    expect(lanes.inFlight).toBe(0);
  });

  it('keeps a failure with its own caller and goes on with the lane', async () => {
    const lanes = new GroupLaneScheduler();
    const failed = lanes.run('g', () => Promise.reject(new Error('boom')));
    const next = lanes.run('g', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await Promise.resolve();
    expect(lanes.activeLanes).toBe(0);
  });
});
