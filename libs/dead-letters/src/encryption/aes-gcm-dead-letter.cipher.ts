import {
  createCipheriv,
  createDecipheriv,
  randomBytes,
  type CipherGCMTypes,
} from 'node:crypto';
import { DeadLetterDecryptionError } from '../errors/dead-letter-decryption.error.js';
import { InvalidDeadLetterEncryptionKeyError } from '../errors/invalid-dead-letter-encryption-key.error.js';
import { DeadLetterCipher } from './dead-letter.cipher.js';
import type { DeadLetterEncryptionKey } from './dead-letter-encryption-key.interface.js';
import {
  DeadLetterEnvelopeCodec,
  KEY_ID_PATTERN,
} from './dead-letter-envelope.codec.js';

const ALGORITHM: CipherGCMTypes = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/**
 * {@link DeadLetterCipher} on node:crypto AES-256-GCM: a random 12-byte IV per value, the
 * context as additional authenticated data, the 16-byte tag and the key id stored with the
 * ciphertext. The first key seals; every key opens, so a new key can be made current while
 * values sealed under older ones stay readable until they are re-encrypted.
 */
export class AesGcmDeadLetterCipher extends DeadLetterCipher {
  readonly currentKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  /**
   * @param keys the current key first, then older ones still to be read
   * @throws InvalidDeadLetterEncryptionKeyError when there is none, an id is malformed or
   * repeated, or a key is not 32 bytes
   */
  constructor(keys: readonly DeadLetterEncryptionKey[]) {
    super();
    const problems: string[] = [];
    // SQLite's LIKE ignores case: ids that differ only in case could not be told apart.
    const lowered = new Set<string>();
    if (keys.length === 0) problems.push('at least one key is needed');
    keys.forEach(({ id, key }, index) => {
      const name = KEY_ID_PATTERN.test(id) ? `"${id}"` : `#${index + 1}`;
      if (!KEY_ID_PATTERN.test(id)) {
        problems.push(
          `key ${name}: the id must be 1 to 64 letters, digits, "_", "." or "-"`,
        );
      } else if (lowered.has(id.toLowerCase())) {
        problems.push(`key ${name}: the id is given twice (ids ignore case)`);
      }
      lowered.add(id.toLowerCase());
      if (key.length !== KEY_BYTES) {
        problems.push(
          `key ${name}: must be ${KEY_BYTES} bytes, is ${key.length}`,
        );
      }
      this.keys.set(id, Buffer.from(key));
    });
    if (problems.length > 0)
      throw new InvalidDeadLetterEncryptionKeyError(problems);
    this.currentKeyId = keys[0]!.id;
  }

  /** The ids of the keys that open values, the current one first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(
      ALGORITHM,
      this.keys.get(this.currentKeyId)!,
      iv,
    );
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return DeadLetterEnvelopeCodec.format({
      keyId: this.currentKeyId,
      iv,
      tag: cipher.getAuthTag(),
      ciphertext,
    });
  }

  decrypt(stored: string, context: string): string {
    const envelope = DeadLetterEnvelopeCodec.parse(stored);
    if (!envelope) return stored;
    const key = this.keys.get(envelope.keyId);
    if (!key) {
      throw new DeadLetterDecryptionError(
        context,
        `it is sealed under key "${envelope.keyId}", which is not configured`,
      );
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, key, envelope.iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(envelope.tag);
      return Buffer.concat([
        decipher.update(envelope.ciphertext),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new DeadLetterDecryptionError(
        context,
        `authentication failed under key "${envelope.keyId}" (altered, or sealed for another value)`,
        error,
      );
    }
  }
}
