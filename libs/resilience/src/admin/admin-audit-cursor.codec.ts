import type { AdminAuditCursor } from './admin-audit-entry.interface.js';
import { InvalidAdminAuditQueryError } from './invalid-admin-audit-query.error.js';

const ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The opaque `cursor` of the audit log's next page and back: base64url JSON of
 * `[at epoch ms, id]` of the last entry shown, so pages do not drift as entries are added.
 */
export const AdminAuditCursorCodec = {
  /** The cursor after `last`. */
  encode(last: AdminAuditCursor): string {
    return Buffer.from(JSON.stringify([last.at.getTime(), last.id])).toString(
      'base64url',
    );
  },

  /**
   * The position a cursor stands for.
   * @throws InvalidAdminAuditQueryError for anything `encode` did not make
   */
  decode(cursor: string): AdminAuditCursor {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (
      !Array.isArray(parsed) ||
      parsed.length !== 2 ||
      !Number.isSafeInteger(parsed[0]) ||
      (parsed[0] as number) < 0 ||
      typeof parsed[1] !== 'string' ||
      !ID.test(parsed[1])
    ) {
      throw new InvalidAdminAuditQueryError([
        {
          pointer: '/cursor',
          message: 'must be a nextCursor a listing handed out',
        },
      ]);
    }
    return { at: new Date(parsed[0] as number), id: parsed[1] };
  },
} as const;
