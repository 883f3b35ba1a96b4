import { randomBytes } from 'node:crypto';
import { isDeadLetterDecryptionError } from '../errors/dead-letter-decryption.error.js';
import { isInvalidDeadLetterEncryptionKeyError } from '../errors/invalid-dead-letter-encryption-key.error.js';
import { AesGcmDeadLetterCipher } from './aes-gcm-dead-letter.cipher.js';
import { PlaintextDeadLetterCipher } from './plaintext-dead-letter.cipher.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const CONTEXT = 'dead-letter/0b7e/payload';
const SECRET = '{"cardNumber":"4111111111111111","email":"ada@example.com"}';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('AesGcmDeadLetterCipher', () => {
  const cipher = new AesGcmDeadLetterCipher([k1]);

  it('round-trips a value, sealed under the current key without its plaintext', () => {
    const sealed = cipher.encrypt(SECRET, CONTEXT);
    expect(sealed).toMatch(/^enc:v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(sealed).not.toContain('4111');
    expect(sealed).not.toContain('example.com');
    expect(cipher.keyIdOf(sealed)).toBe('k1');
    expect(cipher.decrypt(sealed, CONTEXT)).toBe(SECRET);
  });

  it('uses a fresh IV for every value', () => {
    expect(cipher.encrypt(SECRET, CONTEXT)).not.toBe(
      cipher.encrypt(SECRET, CONTEXT),
    );
  });

  it('reads a value written before encryption as it is', () => {
    expect(cipher.decrypt('plain error message', CONTEXT)).toBe(
      'plain error message',
    );
    expect(cipher.keyIdOf('plain error message')).toBeUndefined();
  });

  it('refuses a value sealed under a key id it does not hold', () => {
    const other = new AesGcmDeadLetterCipher([k2]).encrypt(SECRET, CONTEXT);
    const error = thrown(() => cipher.decrypt(other, CONTEXT));
    expect(isDeadLetterDecryptionError(error)).toBe(true);
    expect((error as Error).message).toContain('"k2", which is not configured');
  });

  it('refuses a value under a known id but another key', () => {
    const impostor = new AesGcmDeadLetterCipher([
      { id: 'k1', key: randomBytes(32) },
    ]).encrypt(SECRET, CONTEXT);
    expect(
      isDeadLetterDecryptionError(
        thrown(() => cipher.decrypt(impostor, CONTEXT)),
      ),
    ).toBe(true);
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const sealed = cipher.encrypt(SECRET, CONTEXT);
    const parts = sealed.split(':');
    for (const index of [3, 4, 5]) {
      const part = parts[index]!;
      const flipped =
        part[0] === 'A' ? `B${part.slice(1)}` : `A${part.slice(1)}`;
      const tampered = [...parts];
      tampered[index] = flipped;
      expect(
        isDeadLetterDecryptionError(
          thrown(() => cipher.decrypt(tampered.join(':'), CONTEXT)),
        ),
      ).toBe(true);
    }
  });

  it('refuses a value moved to another entry or field', () => {
    const sealed = cipher.encrypt(SECRET, CONTEXT);
    expect(
      isDeadLetterDecryptionError(
        thrown(() => cipher.decrypt(sealed, 'dead-letter/other/payload')),
      ),
    ).toBe(true);
  });

  it('rotates: a new current key seals, the old one still opens what it sealed', () => {
    const old = cipher.encrypt(SECRET, CONTEXT);
    const rotated = new AesGcmDeadLetterCipher([k2, k1]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.decrypt(old, CONTEXT)).toBe(SECRET);
    const fresh = rotated.encrypt(SECRET, CONTEXT);
    expect(rotated.keyIdOf(fresh)).toBe('k2');
    // Once the old key is dropped, only what was re-sealed opens.
    const retired = new AesGcmDeadLetterCipher([k2]);
    expect(retired.decrypt(fresh, CONTEXT)).toBe(SECRET);
    expect(
      isDeadLetterDecryptionError(thrown(() => retired.decrypt(old, CONTEXT))),
    ).toBe(true);
  });

  it('refuses unusable keys at construction, naming them by id but never by material', () => {
    const short = { id: 'short', key: randomBytes(16) };
    const error = thrown(
      () =>
        new AesGcmDeadLetterCipher([
          short,
          { id: 'K1', key: k1.key },
          k1,
          { id: 'a:b', key: k2.key },
        ]),
    );
    expect(isInvalidDeadLetterEncryptionKeyError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('key "short": must be 32 bytes, is 16');
    expect(message).toContain('key "k1": the id is given twice');
    expect(message).toContain('key #4: the id must be');
    expect(message).not.toContain(short.key.toString('base64'));
    expect(() => new AesGcmDeadLetterCipher([])).toThrow(/at least one key/);
  });
});

describe('PlaintextDeadLetterCipher', () => {
  const plain = new PlaintextDeadLetterCipher();

  it('stores values as they are and has no current key', () => {
    expect(plain.currentKeyId).toBeUndefined();
    expect(plain.encrypt(SECRET)).toBe(SECRET);
    expect(plain.decrypt(SECRET, CONTEXT)).toBe(SECRET);
  });

  it('refuses a sealed value rather than passing ciphertext on', () => {
    const sealed = new AesGcmDeadLetterCipher([k1]).encrypt(SECRET, CONTEXT);
    const error = thrown(() => plain.decrypt(sealed, CONTEXT));
    expect(isDeadLetterDecryptionError(error)).toBe(true);
    expect((error as Error).message).toContain('no key is configured');
  });
});
