import type { AdminAuditEntry } from './admin-audit-entry.interface.js';
import { InMemoryAdminAuditStore } from './in-memory-admin-audit.store.js';

function entry(
  n: number,
  overrides: Partial<AdminAuditEntry> = {},
): AdminAuditEntry {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
    actor: n % 2 === 0 ? 'alice' : 'bob',
    action: n % 3 === 0 ? 'breaker.open' : 'dlq.replay',
    target: `t-${n}`,
    outcome: 'SUCCEEDED',
    requestId: `r-${n}`,
    ...overrides,
  };
}

describe('InMemoryAdminAuditStore', () => {
  it('lists newest first, filtered, one more than the limit when there are more', async () => {
    const store = new InMemoryAdminAuditStore();
    for (let n = 1; n <= 6; n++) await store.append(entry(n));
    const all = await store.list({}, 10);
    expect(all.map((e) => e.target)).toEqual([
      't-6',
      't-5',
      't-4',
      't-3',
      't-2',
      't-1',
    ]);
    const alice = await store.list({ actor: 'alice' }, 2);
    expect(alice.map((e) => e.target)).toEqual(['t-6', 't-4', 't-2']);
    const opens = await store.list(
      { action: 'breaker.open', actor: 'alice' },
      10,
    );
    expect(opens.map((e) => e.target)).toEqual(['t-6']);
    const after = await store.list({}, 2, { at: all[1].at, id: all[1].id });
    expect(after.map((e) => e.target)).toEqual(['t-4', 't-3', 't-2']);
  });

  it('pages entries of the same instant by id', async () => {
    const store = new InMemoryAdminAuditStore();
    const at = new Date('2026-01-01T00:00:00Z');
    for (let n = 1; n <= 3; n++) await store.append(entry(n, { at }));
    const first = await store.list({}, 1);
    expect(first.map((e) => e.target)).toEqual(['t-3', 't-2']);
    const next = await store.list({}, 1, { at, id: first[0].id });
    expect(next.map((e) => e.target)).toEqual(['t-2', 't-1']);
  });

  it('keeps only the newest maxEntries, and copies what it stores and answers', async () => {
    const store = new InMemoryAdminAuditStore(3);
    const stored = entry(1, { details: { reason: 'x' } });
    await store.append(stored);
    stored.details!.reason = 'changed';
    for (let n = 2; n <= 5; n++) await store.append(entry(n));
    const all = await store.list({}, 10);
    expect(all.map((e) => e.target)).toEqual(['t-5', 't-4', 't-3']);
    all[0].actor = 'mallory';
    expect((await store.list({}, 1))[0].actor).toBe('bob');
    expect(() => new InMemoryAdminAuditStore(0)).toThrow(RangeError);
  });
});
