import type { DeadLetterCursor } from './dead-letter-query.interface.js';
import { InvalidDeadLetterCursorError } from './errors/invalid-dead-letter-cursor.error.js';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Turns the position after a page's last entry into the opaque `cursor` of the next page and
 * back. Base64url JSON of `[createdAt epoch ms, id]`: opaque to clients, stable across
 * instances, and keyset-friendly (no offset to drift as entries are added).
 */
export const DeadLetterCursorCodec = {
  /** The cursor after `last`. */
  encode(last: DeadLetterCursor): string {
    return Buffer.from(
      JSON.stringify([last.createdAt.getTime(), last.id]),
    ).toString('base64url');
  },

  /**
   * The position a cursor stands for.
   * @throws InvalidDeadLetterCursorError for anything `encode` did not make
   */
  decode(cursor: string): DeadLetterCursor {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidDeadLetterCursorError();
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 2 ||
      !Number.isSafeInteger(parsed[0]) ||
      (parsed[0] as number) < 0 ||
      typeof parsed[1] !== 'string' ||
      !ID.test(parsed[1])
    ) {
      throw new InvalidDeadLetterCursorError();
    }
    return { createdAt: new Date(parsed[0] as number), id: parsed[1] };
  },
} as const;
