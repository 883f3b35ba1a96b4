import { Injectable } from '@nestjs/common';
import type {
  BulkReplayCheckpoint,
  BulkReplayJobRecord,
  BulkReplayLeaseState,
} from './bulk-replay-job-record.interface.js';
import {
  BulkReplayJobStore,
  type BulkReplayLease,
} from './bulk-replay-job.store.js';
import type { BulkReplayState } from './bulk-replay-progress.interface.js';

function copy(job: BulkReplayJobRecord): BulkReplayJobRecord {
  return structuredClone(job);
}

/**
 * {@link BulkReplayJobStore} in this process's memory, for a dead letter store other than the
 * TypeORM one: jobs are seen by this instance only and end with it (a job running at shutdown
 * is lost, and its claimed entries come back through claim recovery). Same conditions as the
 * durable store, so the job runs the same way.
 */
@Injectable()
export class InMemoryBulkReplayJobStore extends BulkReplayJobStore {
  private readonly jobs = new Map<string, BulkReplayJobRecord>();

  create(job: BulkReplayJobRecord): Promise<void> {
    if (!this.jobs.has(job.id)) this.jobs.set(job.id, copy(job));
    return Promise.resolve();
  }

  find(id: string): Promise<BulkReplayJobRecord | undefined> {
    const job = this.jobs.get(id);
    return Promise.resolve(job ? copy(job) : undefined);
  }

  list(limit: number): Promise<BulkReplayJobRecord[]> {
    return Promise.resolve(
      [...this.jobs.values()].sort(newestFirst).slice(0, limit).map(copy),
    );
  }

  checkpoint(
    id: string,
    leaseToken: string,
    progress: BulkReplayCheckpoint,
    at: Date,
    leaseExpiresAt: Date,
  ): Promise<BulkReplayLeaseState> {
    const job = this.held(id, leaseToken);
    if (!job) return Promise.resolve({ held: false, cancelRequested: false });
    Object.assign(job, structuredClone(progress), {
      heartbeatAt: at,
      leaseExpiresAt,
    });
    return Promise.resolve({
      held: true,
      cancelRequested: job.cancelRequestedAt !== null,
    });
  }

  finish(
    id: string,
    leaseToken: string,
    state: Exclude<BulkReplayState, 'RUNNING'>,
    progress: BulkReplayCheckpoint,
    at: Date,
    error?: string,
  ): Promise<boolean> {
    const job = this.held(id, leaseToken);
    if (!job) return Promise.resolve(false);
    Object.assign(job, structuredClone(progress), {
      state,
      finishedAt: at,
      heartbeatAt: at,
      error: error ?? null,
      owner: null,
      leaseToken: null,
      leaseExpiresAt: null,
    });
    return Promise.resolve(true);
  }

  handBack(
    id: string,
    leaseToken: string,
    progress: BulkReplayCheckpoint,
    at: Date,
  ): Promise<boolean> {
    const job = this.held(id, leaseToken);
    if (!job) return Promise.resolve(false);
    Object.assign(job, structuredClone(progress), {
      heartbeatAt: at,
      owner: null,
      leaseExpiresAt: at,
    });
    return Promise.resolve(true);
  }

  requestCancel(id: string, by: string, at: Date): Promise<boolean> {
    const job = this.jobs.get(id);
    if (job?.state !== 'RUNNING') return Promise.resolve(false);
    if (job.cancelRequestedAt === null) {
      job.cancelRequestedAt = at;
      job.cancelRequestedBy = by;
    }
    return Promise.resolve(true);
  }

  findExpired(now: Date, limit: number): Promise<BulkReplayJobRecord[]> {
    return Promise.resolve(
      [...this.jobs.values()]
        .filter((job) => job.state === 'RUNNING' && lapsed(job, now))
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
        .slice(0, limit)
        .map(copy),
    );
  }

  takeOver(
    id: string,
    expiredToken: string | null,
    lease: BulkReplayLease,
    now: Date,
  ): Promise<BulkReplayJobRecord | undefined> {
    const job = this.jobs.get(id);
    if (
      job?.state !== 'RUNNING' ||
      job.leaseToken !== expiredToken ||
      !lapsed(job, now)
    ) {
      return Promise.resolve(undefined);
    }
    Object.assign(job, {
      owner: lease.owner,
      leaseToken: lease.token,
      leaseExpiresAt: lease.expiresAt,
      heartbeatAt: now,
      takeovers: job.takeovers + 1,
    });
    return Promise.resolve(copy(job));
  }

  purgeFinished(keep: number): Promise<number> {
    const finished = [...this.jobs.values()]
      .filter((job) => job.state !== 'RUNNING')
      .sort(newestFirst);
    const purged = finished.slice(keep);
    for (const job of purged) this.jobs.delete(job.id);
    return Promise.resolve(purged.length);
  }

  private held(
    id: string,
    leaseToken: string,
  ): BulkReplayJobRecord | undefined {
    const job = this.jobs.get(id);
    return job?.state === 'RUNNING' && job.leaseToken === leaseToken
      ? job
      : undefined;
  }
}

function lapsed(job: BulkReplayJobRecord, now: Date): boolean {
  return (
    job.leaseExpiresAt === null || job.leaseExpiresAt.getTime() < now.getTime()
  );
}

function newestFirst(a: BulkReplayJobRecord, b: BulkReplayJobRecord): number {
  return (
    b.startedAt.getTime() - a.startedAt.getTime() || (b.id < a.id ? -1 : 1)
  );
}
