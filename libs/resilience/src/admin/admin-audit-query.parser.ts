import { z } from 'zod';
import type {
  AdminAuditCursor,
  AdminAuditFilter,
} from './admin-audit-entry.interface.js';
import { AdminAuditCursorCodec } from './admin-audit-cursor.codec.js';
import { ADMIN_TOKEN_NAME_PATTERN } from './admin-token.registry.js';
import { InvalidAdminAuditQueryError } from './invalid-admin-audit-query.error.js';

/** Page size of `GET /admin/audit` when none is asked for. */
export const DEFAULT_ADMIN_AUDIT_PAGE_SIZE = 50;
/** Largest page of `GET /admin/audit`. */
export const MAX_ADMIN_AUDIT_PAGE_SIZE = 500;

const schema = z.strictObject({
  actor: z
    .string()
    .regex(ADMIN_TOKEN_NAME_PATTERN, 'must be the name of an admin token')
    .optional(),
  action: z
    .string()
    .regex(/^[A-Za-z0-9._:/ -]{1,100}$/, 'must be an action name')
    .optional(),
  outcome: z
    .enum(['SUCCEEDED', 'FAILED', 'REFUSED'], {
      error: 'must be SUCCEEDED, FAILED or REFUSED',
    })
    .optional(),
  limit: z
    .string()
    .regex(
      /^\d{1,4}$/,
      `must be an integer from 1 to ${MAX_ADMIN_AUDIT_PAGE_SIZE}`,
    )
    .transform(Number)
    .refine(
      (n) => n >= 1 && n <= MAX_ADMIN_AUDIT_PAGE_SIZE,
      `must be an integer from 1 to ${MAX_ADMIN_AUDIT_PAGE_SIZE}`,
    )
    .optional(),
  cursor: z
    .string()
    .max(200, 'must be a nextCursor a listing handed out')
    .optional(),
});

/** A checked query of `GET /admin/audit`. */
export interface AdminAuditQuery {
  filter: AdminAuditFilter;
  limit: number;
  cursor?: AdminAuditCursor;
}

/**
 * Reads the query string of `GET /admin/audit`.
 * @throws InvalidAdminAuditQueryError naming every parameter it does not know or take
 */
export function parseAdminAuditQuery(
  query: Record<string, unknown>,
): AdminAuditQuery {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new InvalidAdminAuditQueryError(
      parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              pointer: `/${key}`,
              message: 'is not a parameter of this listing',
            }))
          : [{ pointer: `/${issue.path.join('/')}`, message: issue.message }],
      ),
    );
  }
  const { actor, action, outcome, limit, cursor } = parsed.data;
  return {
    filter: { actor, action, outcome },
    limit: limit ?? DEFAULT_ADMIN_AUDIT_PAGE_SIZE,
    ...(cursor === undefined
      ? {}
      : { cursor: AdminAuditCursorCodec.decode(cursor) }),
  };
}
