import { ParkingLot } from './parking.lot.js';

describe('ParkingLot', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('looks at a parked message again after its delay', () => {
    const lot = new ParkingLot();
    const retry = vi.fn();
    lot.park('g', 100, retry);
    expect(lot.size).toBe(1);
    vi.advanceTimersByTime(99);
    expect(retry).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(lot.size).toBe(0);
  });

  it('looks at every message of a group at once when the group moves on, and only once', () => {
    const lot = new ParkingLot();
    const [a, b, other] = [vi.fn(), vi.fn(), vi.fn()];
    lot.park('g', 1_000, a);
    lot.park('g', 1_000, b);
    lot.park('h', 1_000, other);
    lot.wake('g');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(a).toHaveBeenCalledTimes(1);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('forgets everything on clear', () => {
    const lot = new ParkingLot();
    const retry = vi.fn();
    lot.park('g', 10, retry);
    lot.clear();
    vi.advanceTimersByTime(100);
    expect(retry).not.toHaveBeenCalled();
    expect(lot.size).toBe(0);
  });
});
