import { WindowRotationClock } from './window-rotation.clock.js';

describe('WindowRotationClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one timer per slice duration, however many subscribe to it', () => {
    const clock = new WindowRotationClock();
    const rotations: string[] = [];
    const stops = [
      clock.subscribe(100, () => rotations.push('a')),
      clock.subscribe(100.4, () => rotations.push('b')),
      clock.subscribe(250, () => rotations.push('c')),
    ];

    expect(clock.timerCount).toBe(2);
    expect(vi.getTimerCount()).toBe(2);

    vi.advanceTimersByTime(250);

    expect(rotations).toEqual(['a', 'b', 'a', 'b', 'c']);
    for (const stop of stops) stop();
  });

  it('stops a timer with its last subscriber, and keeps others rotating after a throw', () => {
    const clock = new WindowRotationClock();
    const rotate = vi.fn();
    const stopFailing = clock.subscribe(100, () => {
      throw new Error('broken');
    });
    const stop = clock.subscribe(100, rotate);

    vi.advanceTimersByTime(100);
    expect(rotate).toHaveBeenCalledTimes(1);

    stopFailing();
    stopFailing();
    expect(clock.timerCount).toBe(1);
    stop();

    expect(clock.timerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
