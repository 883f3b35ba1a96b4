import { DeadLetterDecryptionError } from '../errors/dead-letter-decryption.error.js';
import { DeadLetterCipher } from './dead-letter.cipher.js';
import { DeadLetterEnvelopeCodec } from './dead-letter-envelope.codec.js';

/**
 * {@link DeadLetterCipher} without a key: values are stored as they are. A sealed value (from
 * a time a key was configured) cannot be opened and is refused rather than shown or delivered
 * as ciphertext.
 */
export class PlaintextDeadLetterCipher extends DeadLetterCipher {
  readonly currentKeyId = undefined;

  encrypt(plaintext: string): string {
    return plaintext;
  }

  decrypt(stored: string, context: string): string {
    const envelope = DeadLetterEnvelopeCodec.parse(stored);
    if (!envelope) return stored;
    throw new DeadLetterDecryptionError(
      context,
      `it is sealed under key "${envelope.keyId}", and no key is configured`,
    );
  }
}
