import {
  PipelineStatus,
  statusOnClaim,
} from '../pipelines/pipeline-status.enum.js';

/**
 * The status a claim moves a message to, as SQL (`SET status = ...`), built from the library's
 * one rule (`statusOnClaim`) so the SQL and in-memory stores agree.
 */
export const CLAIMED_STATUS = `CASE status ${Object.values(PipelineStatus)
  .filter((s) => statusOnClaim(s) !== s)
  .map((s) => `WHEN '${s}' THEN '${statusOnClaim(s)}'`)
  .join(' ')} ELSE status END`;

/** Nobody holds it (a lease that ran out, or none), or its retry is due (`:leased`, `:now`). */
export const DUE = `((status IN (:...leased) AND (lease_until IS NULL OR lease_until < :now))
  OR (status = '${PipelineStatus.RETRY_SCHEDULED}' AND next_attempt_at <= :now))`;

/**
 * For batch claims: as {@link DUE}, but a message never claimed counts only once it is older
 * than `:held_since`, so the instance that just stored it gets the first go.
 */
export function stuck(alias = ''): string {
  const c = (column: string) => (alias ? `${alias}.${column}` : column);
  return `((${c('status')} IN (:...leased) AND ((${c('lease_until')} IS NULL AND ${c('updated_at')} < :held_since)
      OR ${c('lease_until')} < :now))
    OR (${c('status')} = '${PipelineStatus.RETRY_SCHEDULED}' AND ${c('next_attempt_at')} <= :now))`;
}
