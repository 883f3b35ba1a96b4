import {
  applyCheckpointPatch,
  type Checkpoint,
  type CheckpointPatch,
  type NewCheckpoint,
} from './checkpoint.interface.js';
import {
  CheckpointStore,
  type CheckpointClaim,
  type CheckpointStats,
} from './checkpoint.store.js';
import {
  LEASED_PIPELINE_STATUSES,
  PipelineStatus,
  statusOnClaim,
} from './pipeline-status.enum.js';
import type { StepHistoryEntry } from './step-history-entry.interface.js';

/**
 * {@link CheckpointStore} in process memory: for tests and single-process use. Claims and
 * commits follow the port's rules, so code tested against it behaves the same on a database;
 * nothing survives a restart.
 */
export class InMemoryCheckpointStore extends CheckpointStore {
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly histories = new Map<string, StepHistoryEntry[]>();

  create(
    input: NewCheckpoint,
    now: Date,
  ): Promise<{ checkpoint: Checkpoint; created: boolean }> {
    if (input.messageId !== undefined) {
      const existing = [...this.checkpoints.values()].find(
        (c) => c.type === input.type && c.messageId === input.messageId,
      );
      if (existing)
        return Promise.resolve({
          checkpoint: structuredClone(existing),
          created: false,
        });
    }
    const checkpoint: Checkpoint = {
      ...input,
      status: PipelineStatus.RECEIVED,
      completedSteps: [],
      outputs: {},
      compensatedSteps: [],
      retryCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.checkpoints.set(input.id, structuredClone(checkpoint));
    this.histories.set(input.id, []);
    return Promise.resolve({ checkpoint, created: true });
  }

  find(id: string): Promise<Checkpoint | undefined> {
    const found = this.checkpoints.get(id);
    return Promise.resolve(found && structuredClone(found));
  }

  history(id: string): Promise<StepHistoryEntry[]> {
    return Promise.resolve(structuredClone(this.histories.get(id) ?? []));
  }

  claim(
    id: string,
    claim: CheckpointClaim,
    from?: readonly PipelineStatus[],
  ): Promise<Checkpoint | undefined> {
    const current = this.checkpoints.get(id);
    const claimable =
      current !== undefined &&
      (from
        ? from.includes(current.status) &&
          !(current.leaseUntil && current.leaseUntil >= claim.now)
        : isDue(current, claim.now, undefined));
    return Promise.resolve(claimable ? this.take(current, claim) : undefined);
  }

  claimDue(
    limit: number,
    claim: CheckpointClaim,
    heldSince: Date,
  ): Promise<Checkpoint[]> {
    const due = [...this.checkpoints.values()]
      .filter((c) => isDue(c, claim.now, heldSince))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .slice(0, limit);
    return Promise.resolve(due.map((c) => this.take(c, claim)));
  }

  commit(
    id: string,
    token: string,
    patch: CheckpointPatch,
    history: readonly StepHistoryEntry[],
    at: Date,
  ): Promise<boolean> {
    const current = this.checkpoints.get(id);
    if (current?.leaseToken !== token) return Promise.resolve(false);
    this.checkpoints.set(
      id,
      structuredClone(applyCheckpointPatch(current, patch, at)),
    );
    this.histories.get(id)!.push(...structuredClone(history));
    return Promise.resolve(true);
  }

  purgeFinished(
    before: Date,
    statuses: readonly PipelineStatus[],
    limit: number,
  ): Promise<number> {
    let purged = 0;
    for (const [id, c] of this.checkpoints) {
      if (purged >= limit) break;
      if (
        statuses.includes(c.status) &&
        c.finishedAt !== undefined &&
        c.finishedAt < before
      ) {
        this.checkpoints.delete(id);
        this.histories.delete(id);
        purged++;
      }
    }
    return Promise.resolve(purged);
  }

  stats(now: Date): Promise<CheckpointStats> {
    const byStatus: CheckpointStats['byStatus'] = {};
    let stuck = 0;
    for (const c of this.checkpoints.values()) {
      byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
      if (
        LEASED_PIPELINE_STATUSES.includes(c.status) &&
        c.leaseUntil !== undefined &&
        c.leaseUntil < now
      )
        stuck++;
    }
    return Promise.resolve({ byStatus, stuck });
  }

  private take(current: Checkpoint, claim: CheckpointClaim): Checkpoint {
    const claimed = applyCheckpointPatch(
      current,
      {
        leaseToken: claim.token,
        leaseUntil: claim.until,
        status: statusOnClaim(current.status),
      },
      claim.now,
    );
    this.checkpoints.set(current.id, structuredClone(claimed));
    return claimed;
  }
}

function isDue(c: Checkpoint, now: Date, heldSince: Date | undefined): boolean {
  if (c.status === PipelineStatus.RETRY_SCHEDULED)
    return (c.nextAttemptAt ?? now) <= now;
  if (!LEASED_PIPELINE_STATUSES.includes(c.status)) return false;
  if (c.leaseUntil === undefined)
    return heldSince === undefined || c.updatedAt < heldSince;
  return c.leaseUntil < now;
}
