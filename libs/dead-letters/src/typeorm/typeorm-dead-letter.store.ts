import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  Repository,
  SelectQueryBuilder,
  UpdateQueryBuilder,
} from 'typeorm';
import {
  DeadLetterStatus,
  RESOLVABLE_STATUSES,
} from '../dead-letter-status.enum.js';
import type {
  DeadLetter,
  DeadLetterErrorInfo,
  DeadLetterResolution,
} from '../dead-letter.interface.js';
import {
  deadLetterCursorCondition,
  deadLetterFilterConditions,
  type SqlConditions,
} from '../dead-letter-filter.query.js';
import type {
  DeadLetterCursor,
  DeadLetterFilter,
  DeadLetterStats,
} from '../dead-letter-query.interface.js';
import {
  DeadLetterStore,
  type DeadLetterClaim,
  type DeadLetterReEncryption,
} from '../dead-letter.store.js';
import { DeadLetterCipher } from '../encryption/dead-letter.cipher.js';
import {
  fromDeadLetterRow,
  toDeadLetterRow,
} from './dead-letter-entity.mapper.js';
import { DeadLetterEntity } from './dead-letter.entity.js';
import { insertDeadLetterRows } from './dead-letter-insert.query.js';
import { insertOrReopenDeadLetters } from './dead-letter-reopen.query.js';
import { claimCandidates } from './dead-letter-claim.query.js';
import {
  confirmDeadLetterReplay,
  markDeadLetterFailed,
  markDeadLettersDelivered,
  markDeadLettersHandedOver,
  reclaimDeadLetters,
  releaseDeadLetters,
  returnUnconfirmedDeadLetters,
} from './dead-letter-settlement.query.js';
import { reEncryptDeadLetterRows } from './dead-letter-reencrypt.query.js';
import { noteRepublishedDeadLetter } from './dead-letter-republish.query.js';
import { queryDeadLetterStats } from './dead-letter-stats.query.js';

const { PENDING, RETRYING, RESOLVED, FAILED } = DeadLetterStatus;

type Where =
  SelectQueryBuilder<DeadLetterEntity> | UpdateQueryBuilder<DeadLetterEntity>;

function apply<Q extends Where>(query: Q, conditions: SqlConditions): Q {
  for (const clause of conditions.clauses) query.andWhere(clause);
  query.setParameters(conditions.parameters);
  return query;
}

/**
 * {@link DeadLetterStore} on TypeORM, the same statements for PostgreSQL and SQLite. Every
 * state change is a single conditional UPDATE (see the port); bulk claims additionally skip
 * rows locked by another instance on PostgreSQL (`FOR UPDATE SKIP LOCKED`). Payload, headers
 * and error messages are sealed with the injected {@link DeadLetterCipher} on the way in and
 * opened on the way out.
 */
@Injectable()
export class TypeOrmDeadLetterStore extends DeadLetterStore {
  constructor(
    @InjectRepository(DeadLetterEntity)
    private readonly repository: Repository<DeadLetterEntity>,
    private readonly cipher: DeadLetterCipher,
  ) {
    super();
  }

  async insert(entries: readonly DeadLetter[]): Promise<void> {
    await insertDeadLetterRows(
      this.repository,
      entries.map((entry) => toDeadLetterRow(entry, this.cipher)),
    );
  }

  insertOrReopen(entries: readonly DeadLetter[]): Promise<DeadLetter[]> {
    return insertOrReopenDeadLetters(this.repository, this.cipher, entries);
  }

  async findById(id: string): Promise<DeadLetter | undefined> {
    const row = await this.repository.findOneBy({ id });
    return row ? this.open(row) : undefined;
  }

  noteRepublished(id: string, at: Date): Promise<DeadLetter | undefined> {
    return noteRepublishedDeadLetter(this.repository, this.cipher, id, at);
  }

  async findByMessageId(
    source: string,
    messageId: string,
  ): Promise<DeadLetter | undefined> {
    const row = await this.repository.findOne({
      where: { source, messageId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return row ? this.open(row) : undefined;
  }

  async list(
    filter: DeadLetterFilter,
    limit: number,
    cursor?: DeadLetterCursor,
  ): Promise<DeadLetter[]> {
    const query = apply(
      this.repository.createQueryBuilder('d'),
      deadLetterFilterConditions(filter, 'd'),
    );
    if (cursor) apply(query, deadLetterCursorCondition(cursor, 'd'));
    const rows = await query
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(limit)
      .getMany();
    return rows.map((row) => this.open(row));
  }

  async claim(
    id: string,
    version: number,
    claim: DeadLetterClaim,
  ): Promise<boolean> {
    const result = await this.update({
      status: RETRYING,
      claimToken: claim.token,
      claimedAt: claim.at,
      lastAttemptAt: claim.at,
      replayCount: () => 'replay_count + 1',
    })
      .where('id = :id', { id })
      .andWhere('status IN (:...claimable)', { claimable: [PENDING, FAILED] })
      .andWhere('version = :version', { version })
      .execute();
    if (result.affected === 1) return true;
    // A retried claim whose first attempt committed unseen finds its own token.
    const row = await this.repository.findOneBy({ id });
    return row?.claimToken === claim.token;
  }

  async claimBatch(
    filter: DeadLetterFilter,
    limit: number,
    claim: DeadLetterClaim,
    after?: DeadLetterCursor,
  ): Promise<DeadLetter[]> {
    const candidates = claimCandidates(this.repository, filter, limit, after);
    // The outer status check makes the claim safe even where the subquery cannot lock: a row
    // another claimer took meanwhile no longer matches.
    await this.update({
      status: RETRYING,
      claimToken: claim.token,
      claimedAt: claim.at,
      lastAttemptAt: claim.at,
      replayCount: () => 'replay_count + 1',
    })
      .where(candidates.where)
      .andWhere('status = :claim_status')
      .setParameters({
        ...candidates.parameters,
        claim_status: candidates.status,
      })
      .execute();
    const rows = await this.repository.find({
      where: { claimToken: claim.token },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => this.open(row));
  }

  reclaim(claim: DeadLetterClaim): Promise<DeadLetter[]> {
    return reclaimDeadLetters(this.repository, this.cipher, claim);
  }

  markHandedOver(
    ids: readonly string[],
    token: string,
    at: Date,
  ): Promise<number> {
    return markDeadLettersHandedOver(this.repository, ids, token, at);
  }

  confirmReplay(
    id: string,
    resolution: DeadLetterResolution,
  ): Promise<boolean> {
    return confirmDeadLetterReplay(this.repository, id, resolution);
  }

  returnUnconfirmed(
    replayedBefore: Date,
    note: Pick<DeadLetterErrorInfo, 'type' | 'code' | 'message'>,
    at: Date,
    maxAttempts: number,
    limit: number,
  ): Promise<number> {
    return returnUnconfirmedDeadLetters(
      this.repository,
      this.cipher,
      replayedBefore,
      note,
      at,
      maxAttempts,
      limit,
    );
  }

  markDelivered(
    ids: readonly string[],
    token: string,
    resolution: DeadLetterResolution,
  ): Promise<number> {
    return markDeadLettersDelivered(this.repository, ids, token, resolution);
  }

  markFailed(
    id: string,
    token: string,
    error: DeadLetterErrorInfo,
    at: Date,
    maxAttempts: number,
  ): Promise<boolean> {
    return markDeadLetterFailed(
      this.repository,
      this.cipher,
      { id, token, error, at },
      maxAttempts,
    );
  }

  release(
    ids: readonly string[],
    token: string,
    maxAttempts: number,
  ): Promise<number> {
    return releaseDeadLetters(this.repository, ids, token, maxAttempts);
  }

  async resolve(
    id: string,
    resolution: DeadLetterResolution,
  ): Promise<boolean> {
    const result = await this.update({
      status: RESOLVED,
      resolvedAt: resolution.at,
      resolvedBy: resolution.by,
      resolution: resolution.reason,
    })
      .where('id = :id', { id })
      .andWhere('status IN (:...resolvable)', {
        resolvable: [...RESOLVABLE_STATUSES],
      })
      .execute();
    return result.affected === 1;
  }

  async purgeResolved(before: Date): Promise<number> {
    const result = await this.repository
      .createQueryBuilder()
      .delete()
      .from(DeadLetterEntity)
      .where('status = :status', { status: RESOLVED })
      .andWhere('resolved_at < :before', { before })
      .execute();
    return result.affected ?? 0;
  }

  async recoverClaims(claimedBefore: Date): Promise<number> {
    const result = await this.update({
      status: PENDING,
      claimToken: null,
      claimedAt: null,
    })
      .where('status = :status', { status: RETRYING })
      .andWhere('claimed_at < :before', { before: claimedBefore })
      .execute();
    return result.affected ?? 0;
  }

  async countOpen(): Promise<number> {
    return this.repository
      .createQueryBuilder('d')
      .where('d.status <> :resolved', { resolved: RESOLVED })
      .getCount();
  }

  stats(now: Date): Promise<DeadLetterStats> {
    return queryDeadLetterStats(this.repository, now);
  }

  reEncrypt(limit: number, afterId?: string): Promise<DeadLetterReEncryption> {
    return reEncryptDeadLetterRows(
      this.repository,
      this.cipher,
      limit,
      afterId,
    );
  }

  private open(row: DeadLetterEntity): DeadLetter {
    return fromDeadLetterRow(row, this.cipher);
  }

  private update(
    values: Parameters<UpdateQueryBuilder<DeadLetterEntity>['set']>[0],
  ): UpdateQueryBuilder<DeadLetterEntity> {
    return this.repository
      .createQueryBuilder()
      .update(DeadLetterEntity)
      .set(values)
      .updateEntity(false)
      .callListeners(false);
  }
}
