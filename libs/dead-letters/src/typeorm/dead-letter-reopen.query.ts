import { In, type Repository } from 'typeorm';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import type { DeadLetter } from '../dead-letter.interface.js';
import { deadLetterMessageKey } from '../dead-letter-message.key.js';
import type { DeadLetterCipher } from '../encryption/dead-letter.cipher.js';
import { DeadLetterFieldsCodec } from '../encryption/dead-letter-fields.codec.js';
import { DeadLetterEntity } from './dead-letter.entity.js';
import {
  fromDeadLetterRow,
  toDeadLetterRow,
} from './dead-letter-entity.mapper.js';
import { insertDeadLetterRows } from './dead-letter-insert.query.js';

/**
 * The id of the newest stored entry for each message of `entries` that carries an id, by
 * {@link deadLetterMessageKey}: one statement for the whole batch, on the source/message index.
 */
export async function findStoredByMessage(
  repository: Repository<DeadLetterEntity>,
  entries: readonly DeadLetter[],
): Promise<Map<string, string>> {
  const keyed = entries.filter((entry) => entry.messageId !== undefined);
  const found = new Map<string, string>();
  if (keyed.length === 0) return found;
  // Both lists narrow on the index; the exact pairs are picked out below.
  const rows = await repository.find({
    select: { id: true, source: true, messageId: true, createdAt: true },
    where: {
      source: In([...new Set(keyed.map((entry) => entry.source))]),
      messageId: In([...new Set(keyed.map((entry) => entry.messageId!))]),
    },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  const wanted = new Set(keyed.map(deadLetterMessageKey));
  // Ascending order: the newest row of a message is the last one set.
  for (const row of rows) {
    const key = deadLetterMessageKey({
      source: row.source,
      messageId: row.messageId ?? undefined,
    });
    if (key !== undefined && wanted.has(key)) found.set(key, row.id);
  }
  return found;
}

/**
 * Reopens the entry `id` with the failure `entry` reports (see
 * `DeadLetterStore.insertOrReopen`), in one conditional UPDATE: it applies only while the
 * stored failure is older than `entry`'s, so a retried or late write changes nothing. The
 * new error message and headers (the attempt history of the failure just reported) are sealed
 * for the reopened entry `id`.
 */
export async function reopenDeadLetterRow(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  id: string,
  entry: DeadLetter,
): Promise<void> {
  const { error } = entry;
  await repository
    .createQueryBuilder()
    .update(DeadLetterEntity)
    .set({
      status: DeadLetterStatus.PENDING,
      retryCount: () =>
        'CASE WHEN retry_count > :reopen_retries THEN retry_count ELSE :reopen_retries END',
      lastFailedAt: entry.lastFailedAt,
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
      headers: DeadLetterFieldsCodec.sealJson(
        cipher,
        id,
        'headers',
        entry.headers,
      ) as DeadLetterEntity['headers'],
      claimToken: null,
      claimedAt: null,
      // The failure answers any hand-over still awaiting its consumer.
      replayedAt: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
    })
    .updateEntity(false)
    .callListeners(false)
    .where('id = :id', { id })
    .andWhere('last_failed_at < :reopen_at', { reopen_at: entry.lastFailedAt })
    .setParameter('reopen_retries', entry.retryCount)
    .execute();
}

/**
 * `DeadLetterStore.insertOrReopen` on TypeORM: one lookup for the batch's messages, one
 * multi-row INSERT of the new ones, and, per message already stored, a conditional UPDATE; the
 * reopened entries are read back in one statement.
 */
export async function insertOrReopenDeadLetters(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  entries: readonly DeadLetter[],
): Promise<DeadLetter[]> {
  const stored = await findStoredByMessage(repository, entries);
  const fresh: DeadLetter[] = [];
  const reopened: { index: number; id: string }[] = [];
  entries.forEach((entry, index) => {
    const key = deadLetterMessageKey(entry);
    const id = key === undefined ? undefined : stored.get(key);
    // Its own id: a retried write whose insert committed unseen, ignored by the insert.
    if (id === undefined || id === entry.id) {
      fresh.push(entry);
      // A later failure of the same message in this batch reopens this one.
      if (key !== undefined) stored.set(key, entry.id);
    } else {
      reopened.push({ index, id });
    }
  });
  await insertDeadLetterRows(
    repository,
    fresh.map((entry) => toDeadLetterRow(entry, cipher)),
  );
  if (reopened.length === 0) return [...entries];
  // In order, so that of two failures of one message in a batch the later one is kept.
  for (const { index, id } of reopened) {
    await reopenDeadLetterRow(repository, cipher, id, entries[index]!);
  }
  const rows = await repository.findBy({
    id: In([...new Set(reopened.map((r) => r.id))]),
  });
  const byId = new Map(
    rows.map((row) => [row.id, fromDeadLetterRow(row, cipher)]),
  );
  const result = [...entries];
  for (const { index, id } of reopened) {
    result[index] = byId.get(id) ?? entries[index]!;
  }
  return result;
}
