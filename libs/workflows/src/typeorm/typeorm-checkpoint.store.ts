import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  type QueryDeepPartialEntity,
  type Repository,
  type UpdateQueryBuilder,
} from 'typeorm';
import type {
  Checkpoint,
  CheckpointPatch,
  NewCheckpoint,
} from '../pipelines/checkpoint.interface.js';
import {
  CheckpointStore,
  type CheckpointClaim,
  type CheckpointStats,
} from '../pipelines/checkpoint.store.js';
import {
  LEASED_PIPELINE_STATUSES,
  PipelineStatus,
} from '../pipelines/pipeline-status.enum.js';
import type { StepHistoryEntry } from '../pipelines/step-history-entry.interface.js';
import { WorkflowMessageEntity } from './workflow-message.entity.js';
import { WorkflowStepHistoryEntity } from './workflow-step-history.entity.js';
import { CLAIMED_STATUS, DUE, stuck } from './checkpoint-claim.conditions.js';
import {
  purgeFinishedMessages,
  queryCheckpointStats,
} from './checkpoint-maintenance.queries.js';
import { PostgresCheckpointStatements } from './postgres-checkpoint.statements.js';
import {
  fromHistoryRow,
  fromMessageRow,
  toHistoryRow,
  toMessageRow,
  toPatchValues,
} from './checkpoint-entity.mapper.js';

/**
 * {@link CheckpointStore} on TypeORM, the same statements for PostgreSQL and SQLite. Claims are
 * one conditional UPDATE each; batch claims also skip rows locked by another instance on
 * PostgreSQL (`FOR UPDATE SKIP LOCKED`), and re-check the condition in the UPDATE, so two
 * instances can never both win a message. A checkpoint is atomic: the fenced UPDATE of the
 * message and its history lines, written only if the UPDATE still found the claim's token; on
 * PostgreSQL as one statement (`PostgresCheckpointStatements`), on SQLite as a transaction.
 */
@Injectable()
export class TypeOrmCheckpointStore extends CheckpointStore {
  private statements?: PostgresCheckpointStatements;

  constructor(
    @InjectRepository(WorkflowMessageEntity)
    private readonly messages: Repository<WorkflowMessageEntity>,
    @InjectRepository(WorkflowStepHistoryEntity)
    private readonly steps: Repository<WorkflowStepHistoryEntity>,
  ) {
    super();
  }

  async create(
    input: NewCheckpoint,
    now: Date,
  ): Promise<{ checkpoint: Checkpoint; created: boolean }> {
    const row = toMessageRow(input, PipelineStatus.RECEIVED, now);
    await this.messages
      .createQueryBuilder()
      .insert()
      .into(WorkflowMessageEntity)
      .values(row as QueryDeepPartialEntity<WorkflowMessageEntity>)
      // A resubmission with the same (type, messageId) finds the first one.
      .orIgnore()
      .updateEntity(false)
      .callListeners(false)
      .execute();
    if (input.messageId === undefined)
      return { checkpoint: fromMessageRow(row), created: true };
    const stored = await this.messages.findOneByOrFail({
      type: input.type,
      messageId: input.messageId,
    });
    return {
      checkpoint: fromMessageRow(stored),
      created: stored.id === input.id,
    };
  }

  async find(id: string): Promise<Checkpoint | undefined> {
    const row = await this.messages.findOneBy({ id });
    return row ? fromMessageRow(row) : undefined;
  }

  async history(id: string): Promise<StepHistoryEntry[]> {
    const rows = await this.steps.find({
      where: { messageId: id },
      order: { id: 'ASC' },
    });
    return rows.map(fromHistoryRow);
  }

  async claim(
    id: string,
    claim: CheckpointClaim,
    from?: readonly PipelineStatus[],
  ): Promise<Checkpoint | undefined> {
    const query = this.claimUpdate(claim).where('id = :id', { id });
    if (from) {
      query
        .andWhere('status IN (:...from)', { from })
        .andWhere('(lease_until IS NULL OR lease_until < :now)', {
          now: claim.now,
        });
    } else {
      query.andWhere(DUE, { leased: LEASED_PIPELINE_STATUSES, now: claim.now });
    }
    if (this.postgres) {
      // One round trip: the claimed row comes back with the UPDATE.
      const rows = (await query.returning('*').execute()).raw as Record<
        string,
        unknown
      >[];
      return rows.length === 1
        ? fromMessageRow(this.postgres.toEntity(rows[0]))
        : undefined;
    }
    const result = await query.execute();
    if (result.affected !== 1) return undefined;
    const row = await this.messages.findOneBy({ id, leaseToken: claim.token });
    return row ? fromMessageRow(row) : undefined;
  }

  async claimDue(
    limit: number,
    claim: CheckpointClaim,
    heldSince: Date,
  ): Promise<Checkpoint[]> {
    const parameters = {
      leased: LEASED_PIPELINE_STATUSES,
      now: claim.now,
      held_since: heldSince,
    };
    const candidates = this.messages
      .createQueryBuilder('c')
      .select('c.id')
      .where(stuck('c'))
      .orderBy('c.created_at', 'ASC')
      .limit(limit);
    if (this.postgres)
      candidates.setLock('pessimistic_write').setOnLocked('skip_locked');
    const update = this.claimUpdate(claim)
      .where(`id IN (${candidates.getQuery()})`)
      // Re-checked here: where the subquery cannot lock (SQLite), a row another claimer took
      // meanwhile no longer matches.
      .andWhere(stuck())
      .setParameters(parameters);
    if (this.postgres) {
      const raw = (await update.returning('*').execute()).raw as Record<
        string,
        unknown
      >[];
      return raw
        .map((row) => fromMessageRow(this.postgres!.toEntity(row)))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    }
    await update.execute();
    const rows = await this.messages.find({
      where: { leaseToken: claim.token },
      order: { createdAt: 'ASC' },
    });
    return rows.map(fromMessageRow);
  }

  async commit(
    id: string,
    token: string,
    patch: CheckpointPatch,
    history: readonly StepHistoryEntry[],
    at: Date,
  ): Promise<boolean> {
    if (this.postgres) {
      const { sql, params } = this.postgres.commit(
        id,
        token,
        patch,
        history,
        at,
      );
      const runner = this.messages.manager.connection.createQueryRunner();
      try {
        return (await runner.query(sql, params, true)).records.length > 0;
      } finally {
        await runner.release();
      }
    }
    return this.messages.manager.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(WorkflowMessageEntity)
        .set(
          toPatchValues(
            patch,
            at,
          ) as QueryDeepPartialEntity<WorkflowMessageEntity>,
        )
        .where('id = :id', { id })
        .andWhere('lease_token = :token', { token })
        .updateEntity(false)
        .execute();
      if (result.affected !== 1) return false;
      if (history.length > 0) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(WorkflowStepHistoryEntity)
          .values(
            history.map((entry) =>
              toHistoryRow(id, entry),
            ) as QueryDeepPartialEntity<WorkflowStepHistoryEntity>[],
          )
          .updateEntity(false)
          .callListeners(false)
          .execute();
      }
      return true;
    });
  }

  purgeFinished(
    before: Date,
    statuses: readonly PipelineStatus[],
    limit: number,
  ): Promise<number> {
    return purgeFinishedMessages(this.messages, before, statuses, limit);
  }

  stats(now: Date): Promise<CheckpointStats> {
    return queryCheckpointStats(this.messages, now);
  }

  /** PostgreSQL's single-statement forms, or `undefined` on SQLite. */
  private get postgres(): PostgresCheckpointStatements | undefined {
    if (this.messages.manager.connection.options.type !== 'postgres')
      return undefined;
    this.statements ??= new PostgresCheckpointStatements(
      this.messages.manager.connection,
    );
    return this.statements;
  }

  private claimUpdate(
    claim: CheckpointClaim,
  ): UpdateQueryBuilder<WorkflowMessageEntity> {
    return this.messages
      .createQueryBuilder()
      .update(WorkflowMessageEntity)
      .set({
        status: () => CLAIMED_STATUS,
        leaseToken: claim.token,
        leaseUntil: claim.until,
        updatedAt: claim.now,
      })
      .updateEntity(false);
  }
}
