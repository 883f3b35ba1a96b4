import { DeadLetterEnvelopeCodec } from './dead-letter-envelope.codec.js';

/**
 * Port of the encryption of dead letters at rest: stores seal payloads, headers and error
 * messages with it before writing and open them after reading, so replays and the admin API
 * see plaintext and the database never does. `DeadLetterModule` binds
 * `AesGcmDeadLetterCipher` when `encryptionKeys` are given and `PlaintextDeadLetterCipher`
 * otherwise; inject it by this class in a store of your own.
 *
 * `context` binds a sealed value to where it belongs (`dead-letter/<id>/payload`): a value
 * copied to another entry or field does not open.
 */
export abstract class DeadLetterCipher {
  /** Id of the key new values are sealed with; `undefined` when values are stored as they are. */
  abstract readonly currentKeyId: string | undefined;

  /** `plaintext` sealed under the current key for `context`; `plaintext` itself without a key. */
  abstract encrypt(plaintext: string, context: string): string;

  /**
   * The plaintext of a stored value: opened when sealed, as it is when written before
   * encryption.
   * @throws DeadLetterDecryptionError when its key is unknown, or it was altered or sealed for
   * another context
   */
  abstract decrypt(stored: string, context: string): string;

  /** Id of the key that sealed `stored`; `undefined` for a value stored as it is. */
  keyIdOf(stored: string): string | undefined {
    return DeadLetterEnvelopeCodec.parse(stored)?.keyId;
  }
}
