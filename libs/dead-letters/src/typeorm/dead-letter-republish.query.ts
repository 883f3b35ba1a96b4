import type { Repository } from 'typeorm';
import type { DeadLetter } from '../dead-letter.interface.js';
import type { DeadLetterCipher } from '../encryption/dead-letter.cipher.js';
import { DeadLetterFieldsCodec } from '../encryption/dead-letter-fields.codec.js';
import { fromDeadLetterRow } from './dead-letter-entity.mapper.js';
import { DeadLetterEntity } from './dead-letter.entity.js';

/** Header of an entry counting the copies of its message published again while it was open. */
export const REPUBLISHED_COUNT_HEADER = 'x-republished-count';
/** Header of an entry holding when the last such copy arrived (ISO 8601). */
export const REPUBLISHED_AT_HEADER = 'x-republished-at';

/**
 * `DeadLetterStore.noteRepublished` on TypeORM: reads the entry, raises its republished count
 * and time in its headers (sealed again for it) and writes them back, keeping its status and
 * version, so the note never makes a replay conflict.
 */
export async function noteRepublishedDeadLetter(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  id: string,
  at: Date,
): Promise<DeadLetter | undefined> {
  const row = await repository.findOneBy({ id });
  if (!row) return undefined;
  const entry = fromDeadLetterRow(row, cipher);
  const count = Number(entry.headers[REPUBLISHED_COUNT_HEADER] ?? 0);
  const headers = {
    ...entry.headers,
    [REPUBLISHED_COUNT_HEADER]: String(
      (Number.isFinite(count) ? count : 0) + 1,
    ),
    [REPUBLISHED_AT_HEADER]: at.toISOString(),
  };
  await repository
    .createQueryBuilder()
    .update(DeadLetterEntity)
    .set({
      headers: DeadLetterFieldsCodec.sealJson(
        cipher,
        id,
        'headers',
        headers,
      ) as DeadLetterEntity['headers'],
      version: () => 'version',
    })
    .updateEntity(false)
    .callListeners(false)
    .where('id = :id', { id })
    .execute();
  return { ...entry, headers };
}
