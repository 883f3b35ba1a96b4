import { randomUUID } from 'node:crypto';
import { MESSAGE_HEADERS } from '@nest-resilience/messaging';
import { BURST_PATTERN } from './burst.consumer.js';

/** One message of a burst, as a producer outside the outbox writes it. */
export interface BurstMessage {
  messageId: string;
  poison: boolean;
  /** `{"pattern":..., "data":...}`: a Nest packet. */
  body: string;
  headers: Record<string, string>;
}

/**
 * `total` messages, `poisonPercent` % of them poison (a payload the consumer's validation
 * refuses), spread evenly. Messages fall into groups of five, interleaved (consecutive messages belong
 * to different groups) and sequenced within each group, as the outbox would sequence them, so
 * per-group ordering is exercised while many groups run side by side.
 */
export function planBurst(
  total: number,
  poisonPercent: number,
): BurstMessage[] {
  const run = randomUUID().slice(0, 8);
  const groups = Math.max(1, Math.ceil(total / 5));
  return Array.from({ length: total }, (_, i) => {
    const messageId = `burst-${run}-${i}`;
    // Exactly poisonPercent of every hundred, at various positions in their groups.
    const poison = (i * poisonPercent) % 100 >= 100 - poisonPercent;
    const data = poison ? { key: 42, n: i } : { key: `k-${i}`, n: i };
    return {
      messageId,
      poison,
      body: JSON.stringify({ pattern: BURST_PATTERN, data }),
      headers: {
        [MESSAGE_HEADERS.messageId]: messageId,
        [MESSAGE_HEADERS.groupKey]: `${run}-g${i % groups}`,
        [MESSAGE_HEADERS.sequence]: String(Math.floor(i / groups) + 1),
      },
    };
  });
}
