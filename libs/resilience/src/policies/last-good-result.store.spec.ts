import { LastGoodResultStore } from './last-good-result.store.js';

describe('LastGoodResultStore', () => {
  it('returns what was stored last for a key, telling undefined from a miss', () => {
    const store = new LastGoodResultStore();
    store.set('a', 1);
    store.set('a', 2);
    store.set('u', undefined);
    expect(store.get('a')).toEqual({ value: 2 });
    expect(store.get('u')).toEqual({ value: undefined });
    expect(store.get('missing')).toBeUndefined();
  });

  it('drops the least recently used entry beyond maxEntries', () => {
    const store = new LastGoodResultStore({ maxEntries: 2 });
    store.set('a', 1);
    store.set('b', 2);
    expect(store.get('a')).toEqual({ value: 1 });
    store.set('c', 3);
    expect(store.size).toBe(2);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toEqual({ value: 1 });
    expect(store.get('c')).toEqual({ value: 3 });
  });

  it('counts a refreshed entry as recently used', () => {
    const store = new LastGoodResultStore({ maxEntries: 2 });
    store.set('a', 1);
    store.set('b', 2);
    store.set('a', 10);
    store.set('c', 3);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toEqual({ value: 10 });
  });

  describe('with maxAgeMs', () => {
    beforeEach(() => vi.useFakeTimers({ now: 0 }));
    afterEach(() => vi.useRealTimers());

    it('serves an entry up to its age limit and forgets it after', () => {
      const store = new LastGoodResultStore({ maxAgeMs: 1000 });
      store.set('a', 1);
      vi.setSystemTime(1000);
      expect(store.get('a')).toEqual({ value: 1 });
      vi.setSystemTime(1001);
      expect(store.get('a')).toBeUndefined();
      expect(store.size).toBe(0);
    });
  });

  it('refuses bounds that make no sense', () => {
    expect(() => new LastGoodResultStore({ maxEntries: 0 })).toThrow(
      RangeError,
    );
    expect(() => new LastGoodResultStore({ maxAgeMs: -1 })).toThrow(RangeError);
  });
});
