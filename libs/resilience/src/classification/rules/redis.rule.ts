import { ErrorCategory } from '../error-category.enum.js';
import type { ClassificationRule } from '../error-classification.interface.js';
import { hasClassNamed } from './error-inspection.util.js';

/**
 * ioredis errors, recognised by their classes from `redis-errors` (by name, so the library does
 * not import ioredis):
 * - `ReplyError`: the server answered and refused the command. `INTERNAL`, not retried, not
 *   counted. Its kind (`OOM`, `LOADING`, `BUSY`, `READONLY`) exists only as the first word of
 *   the message, which the library never reads; an application that wants those told apart
 *   adds a rule of its own.
 * - `ParserError`: unreadable bytes on the wire; ioredis reconnects, so retryable, counted and
 *   recoverable.
 * - `AbortError` (command aborted by a closed connection), `MaxRetriesPerRequestError`,
 *   `ClusterAllFailedError` and any other `RedisError`: `DEPENDENCY_UNAVAILABLE`, retryable,
 *   counted.
 *
 * "Connection is closed." and "Command timed out" are plain `Error`s without a code: nothing but
 * their message tells them apart, so they stay unclassified (`INTERNAL`, counted).
 */
export const redisRule: ClassificationRule = {
  name: 'redis',
  match(error) {
    if (!hasClassNamed(error, 'RedisError')) return undefined;
    if (hasClassNamed(error, 'ReplyError')) {
      return { code: 'INTERNAL', retryable: false, countsAsFailure: false };
    }
    if (hasClassNamed(error, 'ParserError')) {
      // Garbage on the wire, not in the store: a fallback's answer is as good as ever.
      return {
        code: 'DEPENDENCY_UNAVAILABLE',
        category: ErrorCategory.DATA_CORRUPTION,
        recoverable: true,
      };
    }
    return { code: 'DEPENDENCY_UNAVAILABLE' };
  },
};
