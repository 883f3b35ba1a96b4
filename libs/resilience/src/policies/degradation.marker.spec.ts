import {
  degradationOf,
  isDegraded,
  markDegraded,
} from './degradation.marker.js';
import type { FallbackInfo } from './fallback-source.interface.js';

const info: FallbackInfo = {
  name: 'stock',
  source: 'value',
  error: new Error('down'),
};

describe('degradation marker', () => {
  it('marks an object by identity and returns it unchanged', () => {
    const value = { items: [] };
    expect(markDegraded(value, info)).toBe(value);
    expect(Object.keys(value)).toEqual(['items']);
    expect(isDegraded(value)).toBe(true);
    expect(degradationOf(value)).toBe(info);
    expect(isDegraded({ items: [] })).toBe(false);
  });

  it('marks functions too', () => {
    const fn = (): number => 1;
    markDegraded(fn, info);
    expect(degradationOf(fn)).toBe(info);
  });

  it('leaves primitives unmarked', () => {
    for (const value of [42, 'text', true, undefined, null, 10n]) {
      expect(markDegraded(value, info)).toBe(value);
      expect(isDegraded(value)).toBe(false);
      expect(degradationOf(value)).toBeUndefined();
    }
  });

  it('keeps the latest info for an object served again', () => {
    const value = {};
    const later: FallbackInfo = { ...info, source: 'last-good' };
    markDegraded(value, info);
    markDegraded(value, later);
    expect(degradationOf(value)).toBe(later);
  });
});
