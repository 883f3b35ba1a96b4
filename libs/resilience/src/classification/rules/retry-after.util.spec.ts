import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfterMs } from './retry-after.util.js';

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
    ['Mon, 02 Mar 2026 11:59:59 GMT', 86_399_000],
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
    '+5',
    '5 s',
  ])('ignores %j', (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBeUndefined();
  });

  it.each([
    ['86401', 'a delay just over a day'],
    ['31536000', 'a year in seconds'],
    ['9'.repeat(40), 'more digits than a safe integer holds'],
    ['Fri, 01 Mar 2030 12:00:00 GMT', 'a date years ahead'],
  ])('clamps %j (%s) to a day, still "not now"', (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(86_400_000);
  });
});
