import type { QueryDeepPartialEntity, Repository } from 'typeorm';
import type { DeadLetterReEncryption } from '../dead-letter.store.js';
import type { DeadLetterCipher } from '../encryption/dead-letter.cipher.js';
import { DEAD_LETTER_ENVELOPE_PREFIX } from '../encryption/dead-letter-envelope.codec.js';
import { isDeadLetterDecryptionError } from '../errors/dead-letter-decryption.error.js';
import { DeadLetterEntity } from './dead-letter.entity.js';
import {
  fromDeadLetterRow,
  toDeadLetterRow,
} from './dead-letter-entity.mapper.js';

// A sealed value starts with the prefix and its key id; a JSON column holds it as a JSON
// string, so there it starts with a quote. The same condition on PostgreSQL and SQLite:
// both cast JSON to its text as stored.
const STALE =
  "(d.error_message NOT LIKE :text_sealed ESCAPE '\\' " +
  "OR CAST(d.headers AS TEXT) NOT LIKE :json_sealed ESCAPE '\\' " +
  "OR (d.payload IS NOT NULL AND CAST(d.payload AS TEXT) NOT LIKE :json_sealed ESCAPE '\\'))";

function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `DeadLetterStore.reEncrypt` on TypeORM: one SELECT of the entries holding a value not sealed
 * under the current key (in id order, after `afterId`), then per entry a conditional UPDATE of
 * its three sealed columns that applies only while the entry is still at the version read and
 * keeps that version. An entry no configured key opens is reported and left alone.
 */
export async function reEncryptDeadLetterRows(
  repository: Repository<DeadLetterEntity>,
  cipher: DeadLetterCipher,
  limit: number,
  afterId?: string,
): Promise<DeadLetterReEncryption> {
  const keyId = cipher.currentKeyId;
  if (keyId === undefined) return { found: 0, rewritten: 0, unreadableIds: [] };
  const sealed = likePrefix(`${DEAD_LETTER_ENVELOPE_PREFIX}${keyId}:`);
  const query = repository
    .createQueryBuilder('d')
    .where(STALE, { text_sealed: sealed, json_sealed: `"${sealed}` });
  if (afterId !== undefined)
    query.andWhere('d.id > :after', { after: afterId });
  const rows = await query.orderBy('d.id', 'ASC').limit(limit).getMany();
  let rewritten = 0;
  const unreadableIds: string[] = [];
  for (const row of rows) {
    let fresh: DeadLetterEntity;
    try {
      fresh = toDeadLetterRow(fromDeadLetterRow(row, cipher), cipher);
    } catch (error) {
      if (!isDeadLetterDecryptionError(error)) throw error;
      unreadableIds.push(row.id);
      continue;
    }
    const result = await repository
      .createQueryBuilder()
      .update(DeadLetterEntity)
      // JSON columns are typed loosely, which TypeORM's deep-partial type cannot express.
      .set({
        payload: fresh.payload,
        headers: fresh.headers,
        errorMessage: fresh.errorMessage,
        // Named, so the builder does not raise it: the entry itself did not change.
        version: () => 'version',
      } as QueryDeepPartialEntity<DeadLetterEntity>)
      .updateEntity(false)
      .callListeners(false)
      .where('id = :id', { id: row.id })
      .andWhere('version = :version', { version: row.version })
      .execute();
    if (result.affected === 1) rewritten++;
  }
  return {
    found: rows.length,
    rewritten,
    unreadableIds,
    ...(rows.length > 0 ? { lastId: rows.at(-1)!.id } : {}),
  };
}
