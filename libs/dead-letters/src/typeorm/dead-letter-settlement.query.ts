import type { Repository, UpdateQueryBuilder } from 'typeorm';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import type {
  DeadLetter,
  DeadLetterErrorInfo,
  DeadLetterResolution,
} from '../dead-letter.interface.js';
import type { DeadLetterClaim } from '../dead-letter.store.js';
import type { DeadLetterCipher } from '../encryption/dead-letter.cipher.js';
import { DeadLetterFieldsCodec } from '../encryption/dead-letter-fields.codec.js';
import { fromDeadLetterRow } from './dead-letter-entity.mapper.js';
import { DeadLetterEntity } from './dead-letter.entity.js';

const { PENDING, RETRYING, REPLAYED, RESOLVED, FAILED } = DeadLetterStatus;

// Only replays count towards :max_attempts (0: never), never the deliveries a producer reports
// as the retry count. The claim of a replay raised replay_count already, so after this one
// failed: FAILED once replay_count reaches :max_attempts.
const FAILED_STATUS_SQL = `CASE WHEN :max_attempts > 0 AND replay_count >= :max_attempts THEN '${FAILED}' ELSE '${PENDING}' END`;
// Given back untouched (the claim's replay is given back too, in the same statement, which
// reads the old value): PENDING, or FAILED for an entry whose earlier replays reached it.
const SETTLED_STATUS_SQL = `CASE WHEN :max_attempts > 0 AND replay_count - 1 >= :max_attempts THEN '${FAILED}' ELSE '${PENDING}' END`;

function update(
  repository: Repository<DeadLetterEntity>,
  values: Parameters<UpdateQueryBuilder<DeadLetterEntity>['set']>[0],
): UpdateQueryBuilder<DeadLetterEntity> {
  return repository
    .createQueryBuilder()
    .update(DeadLetterEntity)
    .set(values)
    .updateEntity(false)
    .callListeners(false);
}

/** `DeadLetterStore.markDelivered` on TypeORM: one UPDATE for the batch. */
export async function markDeadLettersDelivered(
  repository: Repository<DeadLetterEntity>,
  ids: readonly string[],
  token: string,
  resolution: DeadLetterResolution,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await update(repository, {
    status: RESOLVED,
    claimToken: null,
    claimedAt: null,
    resolvedAt: resolution.at,
    resolvedBy: resolution.by,
    resolution: resolution.reason,
  })
    .where('id IN (:...ids)', { ids })
    .andWhere('claim_token = :token', { token })
    .execute();
  return result.affected ?? 0;
}

/** `DeadLetterStore.markFailed` on TypeORM: one UPDATE, the new error message sealed for it. */
export async function markDeadLetterFailed(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  failure: { id: string; token: string; error: DeadLetterErrorInfo; at: Date },
  maxAttempts: number,
): Promise<boolean> {
  const { id, token, error, at } = failure;
  const result = await update(repository, {
    status: () => FAILED_STATUS_SQL,
    retryCount: () => 'retry_count + 1',
    lastFailedAt: at,
    errorType: error.type,
    errorCode: error.code,
    errorSourceCode: error.sourceCode ?? null,
    category: error.category,
    severity: error.severity,
    errorMessage: DeadLetterFieldsCodec.sealText(
      cipher,
      id,
      'errorMessage',
      error.message,
    ),
    claimToken: null,
    claimedAt: null,
  })
    .where('id = :id', { id })
    .andWhere('claim_token = :token', { token })
    .setParameter('max_attempts', maxAttempts)
    .execute();
  return result.affected === 1;
}

/** `DeadLetterStore.release` on TypeORM: one UPDATE for the batch. */
export async function releaseDeadLetters(
  repository: Repository<DeadLetterEntity>,
  ids: readonly string[],
  token: string,
  maxAttempts: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  // Nothing was sent: the claim does not count as a replay.
  const result = await update(repository, {
    status: () => SETTLED_STATUS_SQL,
    replayCount: () =>
      'CASE WHEN replay_count > 0 THEN replay_count - 1 ELSE 0 END',
    claimToken: null,
    claimedAt: null,
  })
    .where('id IN (:...ids)', { ids })
    .andWhere('claim_token = :token', { token })
    .setParameter('max_attempts', maxAttempts)
    .execute();
  return result.affected ?? 0;
}

/** `DeadLetterStore.reclaim` on TypeORM: one UPDATE renewing the claim, one read. */
export async function reclaimDeadLetters(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  claim: DeadLetterClaim,
): Promise<DeadLetter[]> {
  await update(repository, { claimedAt: claim.at })
    .where('claim_token = :token', { token: claim.token })
    .andWhere('status = :status', { status: RETRYING })
    .execute();
  const rows = await repository.find({
    where: { claimToken: claim.token, status: RETRYING },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return rows.map((row) => fromDeadLetterRow(row, cipher));
}

/** `DeadLetterStore.markHandedOver` on TypeORM: one UPDATE for the batch. */
export async function markDeadLettersHandedOver(
  repository: Repository<DeadLetterEntity>,
  ids: readonly string[],
  token: string,
  at: Date,
): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await update(repository, {
    status: REPLAYED,
    replayedAt: at,
    claimToken: null,
    claimedAt: null,
  })
    .where('id IN (:...ids)', { ids })
    .andWhere('claim_token = :token', { token })
    .execute();
  return result.affected ?? 0;
}

/** `DeadLetterStore.confirmReplay` on TypeORM: one conditional UPDATE. */
export async function confirmDeadLetterReplay(
  repository: Repository<DeadLetterEntity>,
  id: string,
  resolution: DeadLetterResolution,
): Promise<boolean> {
  const result = await update(repository, {
    status: RESOLVED,
    claimToken: null,
    claimedAt: null,
    resolvedAt: resolution.at,
    resolvedBy: resolution.by,
    resolution: resolution.reason,
  })
    .where('id = :id', { id })
    .andWhere(
      '(status IN (:...awaiting) OR (status IN (:...returned) AND replayed_at IS NOT NULL))',
      { awaiting: [REPLAYED, RETRYING], returned: [PENDING, FAILED] },
    )
    .execute();
  return result.affected === 1;
}

/**
 * `DeadLetterStore.returnUnconfirmed` on TypeORM: one read of the oldest overdue ids (on the
 * status / replay time index), then one conditional UPDATE each, as the error message is
 * sealed for its own entry.
 */
export async function returnUnconfirmedDeadLetters(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  replayedBefore: Date,
  note: Pick<DeadLetterErrorInfo, 'type' | 'code' | 'message'>,
  at: Date,
  maxAttempts: number,
  limit: number,
): Promise<number> {
  const overdue = await repository
    .createQueryBuilder('d')
    .select('d.id', 'id')
    .where('d.status = :status', { status: REPLAYED })
    .andWhere('d.replayed_at < :before', { before: replayedBefore })
    .orderBy('d.replayed_at', 'ASC')
    .limit(limit)
    .getRawMany<{ id: string }>();
  let returned = 0;
  for (const { id } of overdue) {
    const result = await update(repository, {
      status: () => FAILED_STATUS_SQL,
      retryCount: () => 'retry_count + 1',
      lastFailedAt: at,
      // Category and severity stay the message's own, so filters by them still find it.
      errorType: note.type,
      errorCode: note.code,
      errorSourceCode: null,
      errorMessage: DeadLetterFieldsCodec.sealText(
        cipher,
        id,
        'errorMessage',
        note.message,
      ),
    })
      .where('id = :id', { id })
      .andWhere('status = :status', { status: REPLAYED })
      .andWhere('replayed_at < :before', { before: replayedBefore })
      .setParameter('max_attempts', maxAttempts)
      .execute();
    returned += result.affected ?? 0;
  }
  return returned;
}
