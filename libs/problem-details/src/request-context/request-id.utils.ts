import { randomUUID } from 'node:crypto';
import { SANE_REQUEST_ID_PATTERN } from './request-id.constants.js';

/** Whether a received value may be used as request id as is. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID_PATTERN.test(value);
}

/**
 * The id to work under: `candidate` when it is sane, a new random UUID otherwise. A repeated
 * header arrives as an array or comma-joined string and is replaced, never guessed from.
 */
export function acceptOrCreateRequestId(candidate: unknown): string {
  return isSaneRequestId(candidate) ? candidate : randomUUID();
}
