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
