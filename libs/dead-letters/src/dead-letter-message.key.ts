import type { DeadLetter } from './dead-letter.interface.js';

/**
 * What identifies a message across its dead letters: its source and message id. `undefined`
 * for a message without an id, which gets an entry per failure.
 */
export function deadLetterMessageKey(
  entry: Pick<DeadLetter, 'source' | 'messageId'>,
): string | undefined {
  // NUL never occurs in a source or a message id, so distinct pairs never share a key.
  return entry.messageId === undefined
    ? undefined
    : `${entry.source}\u0000${entry.messageId}`;
}
