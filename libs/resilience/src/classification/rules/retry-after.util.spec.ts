import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './retry-after.util.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfterMs', () => {
  it.each([
    ['120', 120_000],
    [' 5 ', 5_000],
    ['0', 0],
    [7, 7_000],
    ['Sun, 01 Mar 2026 12:00:30 GMT', 30_000],
    ['Sunday, 01-Mar-26 12:01:00 GMT', 60_000],
    ['Sun Mar  1 12:00:10 2026', 10_000],
    ['Sun, 01 Mar 2026 11:00:00 GMT', 0],
  ] as const)('%j is %i ms', (value, expected) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    '',
    'soon',
    '-5',
    '1.5',
    '2026-03-01',
    ['5'],
    {},
    Number.NaN,
    '9'.repeat(400),
  ])('ignores %j', (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBeUndefined();
  });
});
