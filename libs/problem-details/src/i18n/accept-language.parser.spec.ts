import {
  negotiateLanguage,
  parseAcceptLanguage,
} from './accept-language.parser.js';

const SUPPORTED = ['en', 'de', 'fr'];

describe('parseAcceptLanguage', () => {
  it('orders ranges by weight and keeps header order between equal weights', () => {
    expect(parseAcceptLanguage('fr;q=0.5, de-CH, en;q=0.5, *;q=0.1')).toEqual([
      { range: 'de-ch', q: 1 },
      { range: 'fr', q: 0.5 },
      { range: 'en', q: 0.5 },
      { range: '*', q: 0.1 },
    ]);
  });

  it('skips malformed ranges and weights instead of failing', () => {
    expect(parseAcceptLanguage('de;q=2, ;;, 12, fr;q=abc, es')).toEqual([
      { range: 'de', q: 1 },
      { range: 'fr', q: 1 },
      { range: 'es', q: 1 },
    ]);
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['de', 'de'],
    ['de-AT', 'de'],
    ['ja, fr;q=0.8', 'fr'],
    ['en;q=0.2, de;q=0.9', 'de'],
    ['de;q=0, *', 'en'],
    ['en;q=0, *', 'de'],
    ['ja', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header, SUPPORTED, 'en')).toBe(expected);
  });
});
