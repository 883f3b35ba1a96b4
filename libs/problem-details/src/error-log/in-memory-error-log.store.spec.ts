import { ErrorCategory, ErrorSeverity } from '@nest-resilience/resilience';
import type { ErrorLogEntry } from './error-log-entry.interface.js';
import { InMemoryErrorLogStore } from './in-memory-error-log.store.js';

function entry(
  n: number,
  overrides: Partial<ErrorLogEntry> = {},
): ErrorLogEntry {
  return {
    id: `e-${n}`,
    timestamp: new Date(1_000 * n),
    code: 'INTERNAL',
    status: 500,
    category: ErrorCategory.PERMANENT,
    severity: ErrorSeverity.HIGH,
    rule: 'unclassified',
    requestId: `r-${n}`,
    context: { transport: 'http', method: 'GET', path: '/x' },
    error: { name: 'Error', message: 'boom', causes: [] },
    ...overrides,
  };
}

describe('InMemoryErrorLogStore', () => {
  it('keeps only the newest entries once full, newest first', () => {
    const store = new InMemoryErrorLogStore(3);
    for (let n = 1; n <= 5; n++) store.record(entry(n));
    expect(store.size).toBe(3);
    expect(store.query().map((e) => e.id)).toEqual(['e-5', 'e-4', 'e-3']);
  });

  it('filters by every criterion and applies the limit after filtering', () => {
    const store = new InMemoryErrorLogStore();
    store.record(
      entry(1, {
        severity: ErrorSeverity.CRITICAL,
        code: 'DEPENDENCY_UNAVAILABLE',
      }),
    );
    store.record(entry(2));
    store.record(entry(3, { category: ErrorCategory.DATA_CORRUPTION }));
    store.record(entry(4));
    expect(
      store.query({ severity: ErrorSeverity.CRITICAL }).map((e) => e.id),
    ).toEqual(['e-1']);
    expect(
      store.query({ code: 'DEPENDENCY_UNAVAILABLE' }).map((e) => e.id),
    ).toEqual(['e-1']);
    expect(
      store.query({ category: ErrorCategory.DATA_CORRUPTION }).map((e) => e.id),
    ).toEqual(['e-3']);
    expect(store.query({ requestId: 'r-2' }).map((e) => e.id)).toEqual(['e-2']);
    expect(store.query({ since: new Date(3_000) }).map((e) => e.id)).toEqual([
      'e-4',
      'e-3',
    ]);
    expect(
      store.query({ severity: ErrorSeverity.HIGH, limit: 2 }).map((e) => e.id),
    ).toEqual(['e-4', 'e-3']);
  });
});

describe('InMemoryErrorLogStore paging, resolution and stats', () => {
  it('pages newest first by (timestamp, id) without skipping or repeating', () => {
    const store = new InMemoryErrorLogStore();
    // Recorded out of time order, two sharing a timestamp.
    for (const n of [3, 1, 4, 2]) store.record(entry(n));
    store.record(entry(5, { id: 'e-5', timestamp: new Date(4_000) }));
    const first = store.query({ limit: 2 });
    expect(first.map((e) => e.id)).toEqual(['e-5', 'e-4']);
    const last = first[first.length - 1];
    expect(store.query({ after: last, limit: 10 }).map((e) => e.id)).toEqual([
      'e-3',
      'e-2',
      'e-1',
    ]);
  });

  it('resolves an open entry once and filters by resolution', () => {
    const store = new InMemoryErrorLogStore();
    store.record(entry(1));
    store.record(entry(2));
    const resolution = { by: 'alice', at: new Date(9_000), reason: 'fixed' };
    expect(store.resolve('e-1', resolution)).toBe(true);
    expect(store.resolve('e-1', resolution)).toBe(false);
    expect(store.resolve('nope', resolution)).toBe(false);
    expect(store.get('e-1')?.resolution).toEqual(resolution);
    expect(store.query({ resolved: true }).map((e) => e.id)).toEqual(['e-1']);
    expect(store.query({ resolved: false }).map((e) => e.id)).toEqual(['e-2']);
  });

  it('counts by code, category, severity, resolution and recency', () => {
    const store = new InMemoryErrorLogStore();
    store.record(entry(1, { code: 'CIRCUIT_OPEN' }));
    store.record(entry(2, { severity: ErrorSeverity.CRITICAL }));
    store.record(entry(3));
    store.resolve('e-3', { by: 'a', at: new Date(), reason: 'r' });
    expect(store.stats(new Date(2_000))).toEqual({
      total: 3,
      open: 2,
      resolved: 1,
      recent: 2,
      byCode: { CIRCUIT_OPEN: 1, INTERNAL: 2 },
      byCategory: { PERMANENT: 3 },
      bySeverity: { HIGH: 2, CRITICAL: 1 },
    });
  });
});
