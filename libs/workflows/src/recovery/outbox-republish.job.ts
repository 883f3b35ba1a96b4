import { Injectable, Optional } from '@nestjs/common';
import { OutboxRelay } from '@nest-resilience/messaging';
import type { RecoveryJob, RecoveryReport } from './recovery-job.interface.js';

/**
 * Republishes outbox events that waited too long. The outbox belongs to the messaging module:
 * its relay claims events with a lease (`SKIP LOCKED` on PostgreSQL) and takes back those of a
 * crashed relay once their lease ran out. This job makes sure nothing waits for the relay's own
 * loop (paused after broker failures, or not running in this instance): it asks the relay to
 * publish everything unpublished now (`OutboxRelay.drain()`), which is safe on several instances
 * because every batch is claimed. Without the messaging module it reports so and does nothing.
 */
@Injectable()
export class OutboxRepublishJob implements RecoveryJob {
  readonly name = 'outbox';

  constructor(@Optional() private readonly relay?: OutboxRelay) {}

  async run(): Promise<RecoveryReport> {
    if (!this.relay) return { skipped: 'no outbox in this application' };
    return { republished: await this.relay.drain() };
  }
}
