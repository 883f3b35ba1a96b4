/** The parts of a sealed value. */
export interface DeadLetterEnvelope {
  /** Id of the key that sealed it. */
  keyId: string;
  /** 12 random bytes, new for every value. */
  iv: Buffer;
  /** GCM authentication tag, 16 bytes. */
  tag: Buffer;
  ciphertext: Buffer;
}

/** What every sealed value starts with; the version names the algorithm (AES-256-GCM). */
export const DEAD_LETTER_ENVELOPE_PREFIX = 'enc:v1:';

/** Characters a key id may hold: none of them is `:` or a LIKE wildcard but `_`. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

const IV_BYTES = 12;
const TAG_BYTES = 16;

// base64url without padding: 12 bytes are 16 characters, 16 bytes are 22.
const ENVELOPE =
  /^enc:v1:([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/**
 * The text form of a sealed dead letter value, `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>`
 * (base64url parts), stored in the column the plaintext would take: a JSON column holds it as a
 * JSON string. Self-describing, so each value is read with the key that sealed it, and a value
 * of any other shape is one written before encryption, read as it is.
 */
export const DeadLetterEnvelopeCodec = {
  /** The text of `envelope`. */
  format(envelope: DeadLetterEnvelope): string {
    return (
      DEAD_LETTER_ENVELOPE_PREFIX +
      [
        envelope.keyId,
        envelope.iv.toString('base64url'),
        envelope.tag.toString('base64url'),
        envelope.ciphertext.toString('base64url'),
      ].join(':')
    );
  },

  /** The parts of `text`, or `undefined` when it is not a sealed value. */
  parse(text: string): DeadLetterEnvelope | undefined {
    const match = ENVELOPE.exec(text);
    if (!match) return undefined;
    const iv = Buffer.from(match[2]!, 'base64url');
    const tag = Buffer.from(match[3]!, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
    return {
      keyId: match[1]!,
      iv,
      tag,
      ciphertext: Buffer.from(match[4]!, 'base64url'),
    };
  },
};
