import type { DeadLetterCipher } from './dead-letter.cipher.js';

/** The values of a dead letter sealed at rest; every other column stays plaintext for queries. */
export type DeadLetterSealedField = 'payload' | 'headers' | 'errorMessage';

function context(id: string, field: DeadLetterSealedField): string {
  return `dead-letter/${id}/${field}`;
}

/**
 * Seals and opens the sensitive values of the dead letter `id` for its columns: JSON values
 * (payload, headers) as their JSON text, texts (the error message) as they are. Without a key
 * the values go through untouched, exactly as before encryption existed, and a value written
 * before encryption reads as it was.
 */
export const DeadLetterFieldsCodec = {
  /** What a JSON column stores for `value`: a sealed string, or `value` itself without a key. */
  sealJson(
    cipher: DeadLetterCipher,
    id: string,
    field: DeadLetterSealedField,
    value: unknown,
  ): unknown {
    if (value === null || value === undefined) return null;
    if (cipher.currentKeyId === undefined) return value;
    return cipher.encrypt(JSON.stringify(value), context(id, field));
  },

  /**
   * The value a JSON column holds.
   * @throws DeadLetterDecryptionError when a sealed value does not open
   */
  openJson(
    cipher: DeadLetterCipher,
    id: string,
    field: DeadLetterSealedField,
    stored: unknown,
  ): unknown {
    if (typeof stored !== 'string' || cipher.keyIdOf(stored) === undefined)
      return stored;
    return JSON.parse(cipher.decrypt(stored, context(id, field))) as unknown;
  },

  /** What a text column stores for `text`. */
  sealText(
    cipher: DeadLetterCipher,
    id: string,
    field: DeadLetterSealedField,
    text: string,
  ): string {
    return cipher.encrypt(text, context(id, field));
  },

  /**
   * The text a text column holds.
   * @throws DeadLetterDecryptionError when a sealed value does not open
   */
  openText(
    cipher: DeadLetterCipher,
    id: string,
    field: DeadLetterSealedField,
    stored: string,
  ): string {
    return cipher.decrypt(stored, context(id, field));
  },
};
