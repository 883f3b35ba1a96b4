import { randomBytes } from 'node:crypto';
import { isInvalidDeadLetterEncryptionKeyError } from '../errors/invalid-dead-letter-encryption-key.error.js';
import { parseDeadLetterEncryptionKeys } from './dead-letter-encryption-keys.parser.js';

const a = randomBytes(32);
const b = randomBytes(32);

describe('parseDeadLetterEncryptionKeys', () => {
  it('reads id:key pairs in order, the current key first', () => {
    const keys = parseDeadLetterEncryptionKeys(
      ` k2:${a.toString('base64')} , k1:${b.toString('base64url')}`,
    );
    expect(keys.map((key) => key.id)).toEqual(['k2', 'k1']);
    expect(Buffer.from(keys[0]!.key).equals(a)).toBe(true);
    expect(Buffer.from(keys[1]!.key).equals(b)).toBe(true);
  });

  it('names a lone key without an id "default", and blank text no key', () => {
    const [key] = parseDeadLetterEncryptionKeys(a.toString('base64'));
    expect(key!.id).toBe('default');
    expect(parseDeadLetterEncryptionKeys('  ')).toEqual([]);
  });

  it('refuses keys that are not 32 bytes of base64, repeated ids and empty entries', () => {
    const short = randomBytes(16).toString('base64');
    let error: unknown;
    try {
      parseDeadLetterEncryptionKeys(
        `k1:${short},k2:not*base64,K2:${a.toString('base64')},,bad id:${b.toString('base64')}`,
      );
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidDeadLetterEncryptionKeyError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('key "k1": must be 32 bytes in base64');
    expect(message).toContain('decodes to 16');
    expect(message).toContain(
      'key "k2": must be 32 bytes in base64 (openssl rand -base64 32), is not base64',
    );
    expect(message).toContain('key "K2": the id is given twice');
    expect(message).toContain('key #4: empty');
    expect(message).toContain('key #5: the id must be');
    expect(message).not.toContain(short);
  });
});
