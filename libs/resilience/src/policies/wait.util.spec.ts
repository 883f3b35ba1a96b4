import { waitAtLeast } from './wait.util.js';

describe('waitAtLeast', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('resolves once the delay has passed', async () => {
    let done = false;
    void waitAtLeast(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('sleeps again when the timer wakes before the monotonic clock says the delay is over', async () => {
    let done = false;
    void waitAtLeast(1000).then(() => (done = true));
    // From here on the monotonic clock lags the timers by 0.6 ms, as when a timer fires early.
    const fakeNow = performance.now.bind(performance);
    vi.spyOn(performance, 'now').mockImplementation(() => fakeNow() - 0.6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });
});
