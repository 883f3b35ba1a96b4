import { requestFingerprint } from './request-fingerprint.js';

describe('requestFingerprint', () => {
  it('is the same for the same body with its keys in another order', () => {
    const a = requestFingerprint('POST', '/orders', {
      b: 1,
      a: { y: [1, { d: 2, c: 3 }], x: null },
    });
    const b = requestFingerprint('post', '/orders', {
      a: { x: null, y: [1, { c: 3, d: 2 }] },
      b: 1,
    });
    expect(a).toBe(b);
  });

  it('differs for another body, path or method, and for array order', () => {
    const base = requestFingerprint('POST', '/orders', { items: [1, 2] });
    expect(requestFingerprint('POST', '/orders', { items: [2, 1] })).not.toBe(
      base,
    );
    expect(
      requestFingerprint('POST', '/orders', { items: [1, 2, 3] }),
    ).not.toBe(base);
    expect(requestFingerprint('POST', '/other', { items: [1, 2] })).not.toBe(
      base,
    );
    expect(requestFingerprint('PUT', '/orders', { items: [1, 2] })).not.toBe(
      base,
    );
  });
});
