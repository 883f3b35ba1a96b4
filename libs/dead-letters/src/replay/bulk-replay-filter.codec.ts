import type { ErrorCategory } from '@nest-resilience/resilience';
import type { DeadLetterFilter } from '../dead-letter-query.interface.js';
import type { DeadLetterStatus } from '../dead-letter-status.enum.js';

/**
 * A bulk replay's filter as it is stored and shown (members as strings, dates as ISO strings)
 * and back. `notAttemptedSince` is never stored: a job always passes its own start.
 */
export const BulkReplayFilterCodec = {
  encode(filter: DeadLetterFilter): Record<string, string> {
    const encoded: Record<string, string> = {};
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined || key === 'notAttemptedSince') continue;
      encoded[key] =
        value instanceof Date ? value.toISOString() : String(value);
    }
    return encoded;
  },

  decode(stored: Record<string, string>): DeadLetterFilter {
    return {
      ...(stored.source === undefined ? {} : { source: stored.source }),
      ...(stored.destination === undefined
        ? {}
        : { destination: stored.destination }),
      ...(stored.status === undefined
        ? {}
        : { status: stored.status as DeadLetterStatus }),
      ...(stored.category === undefined
        ? {}
        : { category: stored.category as ErrorCategory }),
      ...(stored.from === undefined ? {} : { from: new Date(stored.from) }),
      ...(stored.to === undefined ? {} : { to: new Date(stored.to) }),
    };
  },
};
