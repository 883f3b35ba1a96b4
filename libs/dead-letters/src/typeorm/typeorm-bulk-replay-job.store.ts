import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository, type UpdateQueryBuilder } from 'typeorm';
import type {
  BulkReplayCheckpoint,
  BulkReplayJobRecord,
  BulkReplayLeaseState,
} from '../replay/bulk-replay-job-record.interface.js';
import {
  BulkReplayJobStore,
  type BulkReplayLease,
} from '../replay/bulk-replay-job.store.js';
import type { BulkReplayState } from '../replay/bulk-replay-progress.interface.js';
import {
  checkpointColumns,
  fromBulkReplayJobRow,
  toBulkReplayJobRow,
} from './bulk-replay-job-entity.mapper.js';
import { BulkReplayJobEntity } from './bulk-replay-job.entity.js';

const RUNNING: BulkReplayState = 'RUNNING';

type JobValues = Parameters<UpdateQueryBuilder<BulkReplayJobEntity>['set']>[0];

/** Finished jobs deleted by one statement of a purge. */
const PURGE_BATCH = 500;

/**
 * {@link BulkReplayJobStore} on TypeORM, the same statements for PostgreSQL and SQLite: every
 * write of a running job is one UPDATE conditional on its lease token (and a takeover on the
 * lapsed lease's token), so two instances never both hold a job.
 */
@Injectable()
export class TypeOrmBulkReplayJobStore extends BulkReplayJobStore {
  constructor(
    @InjectRepository(BulkReplayJobEntity)
    private readonly repository: Repository<BulkReplayJobEntity>,
  ) {
    super();
  }

  async create(job: BulkReplayJobRecord): Promise<void> {
    // A retried insert whose first attempt committed unseen finds its row: nothing to do.
    await this.repository
      .createQueryBuilder()
      .insert()
      .into(BulkReplayJobEntity)
      .values(toBulkReplayJobRow(job))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }

  async find(id: string): Promise<BulkReplayJobRecord | undefined> {
    const row = await this.repository.findOneBy({ id });
    return row ? fromBulkReplayJobRow(row) : undefined;
  }

  async list(limit: number): Promise<BulkReplayJobRecord[]> {
    const rows = await this.repository.find({
      order: { startedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map(fromBulkReplayJobRow);
  }

  async checkpoint(
    id: string,
    leaseToken: string,
    progress: BulkReplayCheckpoint,
    at: Date,
    leaseExpiresAt: Date,
  ): Promise<BulkReplayLeaseState> {
    const held = await this.updateHeld(id, leaseToken, {
      ...checkpointColumns(progress),
      heartbeatAt: at,
      leaseExpiresAt,
    });
    if (!held) return { held, cancelRequested: false };
    const row = await this.repository.findOne({
      select: { id: true, cancelRequestedAt: true },
      where: { id },
    });
    return { held, cancelRequested: row?.cancelRequestedAt != null };
  }

  finish(
    id: string,
    leaseToken: string,
    state: Exclude<BulkReplayState, 'RUNNING'>,
    progress: BulkReplayCheckpoint,
    at: Date,
    error?: string,
  ): Promise<boolean> {
    return this.updateHeld(id, leaseToken, {
      ...checkpointColumns(progress),
      state,
      finishedAt: at,
      heartbeatAt: at,
      error: error ?? null,
      owner: null,
      leaseToken: null,
      leaseExpiresAt: null,
    });
  }

  handBack(
    id: string,
    leaseToken: string,
    progress: BulkReplayCheckpoint,
    at: Date,
  ): Promise<boolean> {
    return this.updateHeld(id, leaseToken, {
      ...checkpointColumns(progress),
      heartbeatAt: at,
      owner: null,
      leaseExpiresAt: at,
    });
  }

  async requestCancel(id: string, by: string, at: Date): Promise<boolean> {
    await this.update({ cancelRequestedAt: at, cancelRequestedBy: by })
      .where('id = :id', { id })
      .andWhere('state = :running', { running: RUNNING })
      .andWhere('cancel_requested_at IS NULL')
      .execute();
    const row = await this.repository.findOne({
      select: { id: true, state: true },
      where: { id },
    });
    return row?.state === RUNNING;
  }

  async findExpired(now: Date, limit: number): Promise<BulkReplayJobRecord[]> {
    const rows = await this.repository
      .createQueryBuilder('j')
      .where('j.state = :running', { running: RUNNING })
      .andWhere('(j.lease_expires_at IS NULL OR j.lease_expires_at < :now)', {
        now,
      })
      .orderBy('j.started_at', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(fromBulkReplayJobRow);
  }

  async takeOver(
    id: string,
    expiredToken: string | null,
    lease: BulkReplayLease,
    now: Date,
  ): Promise<BulkReplayJobRecord | undefined> {
    const query = this.update({
      owner: lease.owner,
      leaseToken: lease.token,
      leaseExpiresAt: lease.expiresAt,
      heartbeatAt: now,
      takeovers: () => 'takeovers + 1',
    })
      .where('id = :id', { id })
      .andWhere('state = :running', { running: RUNNING })
      .andWhere('(lease_expires_at IS NULL OR lease_expires_at < :now)', {
        now,
      });
    if (expiredToken === null) query.andWhere('lease_token IS NULL');
    else query.andWhere('lease_token = :expired', { expired: expiredToken });
    await query.execute();
    // Read back rather than trust the count: a retried takeover that committed unseen is ours.
    const job = await this.find(id);
    return job?.leaseToken === lease.token && job.state === RUNNING
      ? job
      : undefined;
  }

  async purgeFinished(keep: number): Promise<number> {
    let purged = 0;
    for (;;) {
      const rows = await this.repository
        .createQueryBuilder('j')
        .select('j.id', 'id')
        .where('j.state <> :running', { running: RUNNING })
        .orderBy('j.started_at', 'DESC')
        .addOrderBy('j.id', 'DESC')
        .offset(keep)
        .limit(PURGE_BATCH)
        .getRawMany<{ id: string }>();
      if (rows.length === 0) return purged;
      const result = await this.repository.delete({
        id: In(rows.map((row) => row.id)),
      });
      purged += result.affected ?? rows.length;
      if (rows.length < PURGE_BATCH) return purged;
    }
  }

  private async updateHeld(
    id: string,
    leaseToken: string,
    values: JobValues,
  ): Promise<boolean> {
    const result = await this.update(values)
      .where('id = :id', { id })
      .andWhere('lease_token = :lease', { lease: leaseToken })
      .andWhere('state = :running', { running: RUNNING })
      .execute();
    if (result.affected === 1) return true;
    // A retried write whose first attempt committed unseen: still ours if the lease is.
    const row = await this.repository.findOne({
      select: { id: true, leaseToken: true, state: true },
      where: { id },
    });
    return row?.leaseToken === leaseToken && row.state === RUNNING;
  }

  private update(values: JobValues): UpdateQueryBuilder<BulkReplayJobEntity> {
    return this.repository
      .createQueryBuilder()
      .update(BulkReplayJobEntity)
      .set(values)
      .updateEntity(false)
      .callListeners(false);
  }
}
