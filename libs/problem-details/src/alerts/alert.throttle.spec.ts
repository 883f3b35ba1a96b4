import { AlertThrottle } from './alert.throttle.js';

describe('AlertThrottle', () => {
  it('sends a key once per window and reports the duplicates it suppressed', () => {
    let now = 0;
    const throttle = new AlertThrottle(1_000, 100, () => now);
    expect(throttle.admit('a')).toEqual({ send: true, suppressed: 0 });
    now += 500;
    expect(throttle.admit('a')).toEqual({ send: false, reason: 'duplicate' });
    expect(throttle.admit('a')).toEqual({ send: false, reason: 'duplicate' });
    expect(throttle.admit('b')).toEqual({ send: true, suppressed: 0 });
    now += 500;
    expect(throttle.admit('a')).toEqual({ send: true, suppressed: 2 });
  });

  it('limits sends per rolling minute, whatever the keys', () => {
    let now = 0;
    const throttle = new AlertThrottle(0, 3, () => now);
    expect([1, 2, 3, 4].map((n) => throttle.admit(`k${n}`).send)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(throttle.admit('k5')).toEqual({
      send: false,
      reason: 'rate-limited',
    });
    now += 60_000;
    expect(throttle.admit('k6').send).toBe(true);
  });
});
