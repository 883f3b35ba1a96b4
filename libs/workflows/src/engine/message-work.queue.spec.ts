import { setTimeout as sleep } from 'node:timers/promises';
import { MessageWorkQueue } from './message-work.queue.js';

describe('MessageWorkQueue', () => {
  it('runs at most maxConcurrent jobs at once, the others in arrival order', async () => {
    const queue = new MessageWorkQueue(2);
    const started: number[] = [];
    let running = 0;
    let peak = 0;
    for (let i = 0; i < 5; i++) {
      queue.enqueue(async () => {
        started.push(i);
        peak = Math.max(peak, ++running);
        await sleep(5);
        running--;
      });
    }
    expect(queue.load).toMatchObject({ running: 2, waiting: 3 });
    expect(await queue.drain(1_000)).toBe(0);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('drops waiting and scheduled work on stop, and stops waiting for running work at the deadline', async () => {
    const queue = new MessageWorkQueue(1);
    const ran: string[] = [];
    queue.enqueue(() => sleep(50).then(() => void ran.push('running')));
    queue.enqueue(() => Promise.resolve(void ran.push('waiting')));
    queue.schedule(1, () => Promise.resolve(void ran.push('scheduled')));
    queue.stop();
    queue.enqueue(() => Promise.resolve(void ran.push('after stop')));
    expect(await queue.drain(5)).toBe(1);
    await sleep(60);
    expect(ran).toEqual(['running']);
  });
});
