import type { Logger } from '@nestjs/common';
import type { DeadLetter } from '../dead-letter.interface.js';
import type { DeadLetterStore } from '../dead-letter.store.js';
import type { DeadLetterStorePolicy } from '../dead-letter-store.policy.js';
import type { BulkReplayCounters } from './bulk-replay-job-record.interface.js';
import type { BulkReplayPacer } from './bulk-replay.pacer.js';
import { BulkReplaySettler } from './bulk-replay.settler.js';
import type { DeadLetterReplayService } from './dead-letter-replay.service.js';

/**
 * Pause between two settlement writes while deliveries keep coming: at high rates a write
 * then carries this long's deliveries (one statement, not one per entry); at low rates, where
 * nothing arrives meanwhile, each delivery is settled at once.
 */
const SETTLEMENT_GAP_MS = 20;

/** What delivering one chunk of a bulk replay needs from its job. */
export interface BulkReplayChunkContext {
  store: DeadLetterStore;
  logger: Logger;
  policy: DeadLetterStorePolicy;
  replay: DeadLetterReplayService;
  pacer: BulkReplayPacer;
  maxReplayAttempts: number;
  concurrency: number;
  /** The job's counters, raised as the chunk goes. */
  counters: BulkReplayCounters;
  /**
   * Whether the job stops, and whether what it did not send is given back (`release`: a cancel
   * or a failure) or stays claimed for the instance that takes the job over (`keep`).
   */
  stopping(): 'release' | 'keep' | false;
  /** Stops the job: settling failed. */
  fail(): void;
  /** Stores the job's progress after a settlement. */
  settled(): Promise<void>;
}

/**
 * Delivers the claimed entries `batch` (claim `token`) with at most `concurrency` in flight,
 * each just after its pacing token; settles each delivered one as it comes back (see
 * {@link BulkReplaySettler}), each failed one at once, and gives back, when the chunk is done,
 * those refused (open circuit), those without a transport, and those not sent because the job
 * was cancelled.
 */
export async function runBulkReplayChunk(
  batch: readonly DeadLetter[],
  token: string,
  ctx: BulkReplayChunkContext,
): Promise<void> {
  const { replay, counters } = ctx;
  const released: string[] = [];
  const skipped: string[] = [];
  const notSent = (id: string) => {
    if (ctx.stopping() === 'release') released.push(id);
  };
  const settler = new BulkReplaySettler(
    async (ids, handedOver) => {
      const held = await replay.settleDelivered(ids, token, handedOver);
      // Fewer held after a hand-over is the consumer confirming first; otherwise a reopening.
      if (!handedOver && held < ids.length) {
        ctx.logger.warn(
          `Bulk replay: ${ids.length - held} delivered entries were reopened or recovered ` +
            'meanwhile and stay open (they may be delivered again: at-least-once)',
        );
      }
    },
    (settled) => {
      counters.delivered += settled.resolved + settled.handedOver;
      counters.handedOver += settled.handedOver;
      return ctx.settled();
    },
    () => ctx.fail(),
    SETTLEMENT_GAP_MS,
  );
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const entry = batch[next++]!;
      if (ctx.stopping()) {
        notSent(entry.id);
      } else if (!replay.hasTransport(entry)) {
        skipped.push(entry.id);
      } else if (!(await ctx.pacer.token())) {
        notSent(entry.id);
      } else {
        const attempt = await replay.attempt(entry);
        if (attempt.kind === 'delivered') {
          settler.add(entry.id, attempt.handedOver);
        } else if (attempt.kind === 'refused') {
          released.push(entry.id);
        } else {
          await replay.settleFailure(entry, token, attempt);
          counters.failed++;
        }
      }
    }
  };
  const workers = Math.min(ctx.concurrency, batch.length);
  await Promise.all(Array.from({ length: workers }, worker));
  await settler.drain();
  const untouched = [...released, ...skipped];
  if (untouched.length > 0) {
    await ctx.policy.run(() =>
      ctx.store.release(untouched, token, ctx.maxReplayAttempts),
    );
    counters.released += released.length;
    counters.skipped += skipped.length;
  }
}
