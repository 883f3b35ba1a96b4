import { InMemoryKeyValueStore } from './in-memory-key-value.store.js';
import { KeyValueStore } from './key-value.store.js';
import { RateLimitStorage } from './rate-limit.storage.js';

describe('RateLimitStorage', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts a fixed window, blocks past the limit until the window ends, then starts afresh', async () => {
    const storage = new RateLimitStorage(new InMemoryKeyValueStore());
    for (let hit = 1; hit <= 3; hit++) {
      await expect(
        storage.increment('client', 10_000, 3, 10_000, 'default'),
      ).resolves.toMatchObject({
        totalHits: hit,
        isBlocked: false,
        timeToExpire: 10,
      });
    }
    vi.advanceTimersByTime(4_000);
    await expect(
      storage.increment('client', 10_000, 3, 10_000, 'default'),
    ).resolves.toEqual({
      totalHits: 4,
      isBlocked: true,
      timeToExpire: 6,
      timeToBlockExpire: 6,
    });
    vi.advanceTimersByTime(6_001);
    await expect(
      storage.increment('client', 10_000, 3, 10_000, 'default'),
    ).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('counts each client and throttler apart', async () => {
    const storage = new RateLimitStorage(new InMemoryKeyValueStore());
    await storage.increment('a', 1_000, 1, 1_000, 'default');
    await expect(
      storage.increment('b', 1_000, 1, 1_000, 'default'),
    ).resolves.toMatchObject({ totalHits: 1 });
    await expect(
      storage.increment('a', 1_000, 1, 1_000, 'burst'),
    ).resolves.toMatchObject({ totalHits: 1 });
  });

  it('its fallback counts in local memory when the shared store fails', async () => {
    const failing = new InMemoryKeyValueStore();
    vi.spyOn(failing, 'increment').mockRejectedValue(new Error('down'));
    const storage = new RateLimitStorage(failing as KeyValueStore);
    await expect(
      storage.increment('c', 1_000, 5, 1_000, 'default'),
    ).rejects.toThrow('down');
    await expect(
      storage.incrementLocally('c', 1_000, 5, 1_000, 'default'),
    ).resolves.toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });
});
