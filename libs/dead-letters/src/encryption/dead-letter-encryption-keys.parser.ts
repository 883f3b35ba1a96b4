import { InvalidDeadLetterEncryptionKeyError } from '../errors/invalid-dead-letter-encryption-key.error.js';
import type { DeadLetterEncryptionKey } from './dead-letter-encryption-key.interface.js';
import { KEY_ID_PATTERN } from './dead-letter-envelope.codec.js';

/** Id of a key given without one. */
export const DEFAULT_DEAD_LETTER_KEY_ID = 'default';

const KEY_BYTES = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/**
 * Reads dead letter encryption keys from their text form, as an environment variable holds
 * them: `id:base64key` pairs separated by commas, the current key first
 * (`k2:<base64>,k1:<base64>`); a lone key without an id is the key `default`. Each key is 32
 * bytes in base64 or base64url (`openssl rand -base64 32`). Blank text is no key at all.
 * @returns the keys in the order given, the current one first
 * @throws InvalidDeadLetterEncryptionKeyError naming every unusable key by id or position,
 * never by its material
 */
export function parseDeadLetterEncryptionKeys(
  text: string,
): DeadLetterEncryptionKey[] {
  if (text.trim() === '') return [];
  const problems: string[] = [];
  const keys: DeadLetterEncryptionKey[] = [];
  const seen = new Set<string>();
  text.split(',').forEach((part, index) => {
    const entry = part.trim();
    const colon = entry.indexOf(':');
    const id = colon < 0 ? DEFAULT_DEAD_LETTER_KEY_ID : entry.slice(0, colon);
    const material = colon < 0 ? entry : entry.slice(colon + 1);
    const name = KEY_ID_PATTERN.test(id) ? `"${id}"` : `#${index + 1}`;
    if (entry === '') {
      problems.push(`key #${index + 1}: empty`);
      return;
    }
    if (!KEY_ID_PATTERN.test(id)) {
      problems.push(
        `key ${name}: the id must be 1 to 64 letters, digits, "_", "." or "-"`,
      );
    } else if (seen.has(id.toLowerCase())) {
      problems.push(`key ${name}: the id is given twice (ids ignore case)`);
    }
    seen.add(id.toLowerCase());
    const key = BASE64.test(material)
      ? Buffer.from(material, 'base64')
      : undefined;
    if (key?.length !== KEY_BYTES) {
      problems.push(
        `key ${name}: must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)` +
          (key ? `, decodes to ${key.length}` : ', is not base64'),
      );
      return;
    }
    keys.push({ id, key });
  });
  if (problems.length > 0)
    throw new InvalidDeadLetterEncryptionKeyError(problems);
  return keys;
}
