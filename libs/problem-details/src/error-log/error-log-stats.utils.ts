import type {
  ErrorLogEntry,
  ErrorLogStats,
} from './error-log-entry.interface.js';

/** Stats of an empty log, to add groups of entries to with {@link addToErrorLogStats}. */
export function emptyErrorLogStats(): ErrorLogStats {
  return {
    total: 0,
    open: 0,
    resolved: 0,
    recent: 0,
    byCode: {},
    byCategory: {},
    bySeverity: {},
  };
}

/** One group of entries alike in code, category, severity and resolution. */
export interface ErrorLogStatsGroup {
  code: string;
  category: string;
  severity: string;
  resolved: boolean;
  /** Entries in the group. */
  count: number;
  /** Of them, the recent ones. */
  recent: number;
}

/** Adds `group` to `stats` in place. @returns `stats` */
export function addToErrorLogStats(
  stats: ErrorLogStats,
  group: ErrorLogStatsGroup,
): ErrorLogStats {
  const add = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + group.count;
  };
  stats.total += group.count;
  stats.recent += group.recent;
  if (group.resolved) stats.resolved += group.count;
  else stats.open += group.count;
  add(stats.byCode, group.code);
  add(stats.byCategory, group.category);
  add(stats.bySeverity, group.severity);
  return stats;
}

/** Whether `entry` comes after `position` in newest-first `(timestamp, id)` order. */
export function isAfterErrorLogPosition(
  entry: Pick<ErrorLogEntry, 'timestamp' | 'id'>,
  position: Pick<ErrorLogEntry, 'timestamp' | 'id'>,
): boolean {
  const t = entry.timestamp.getTime();
  const p = position.timestamp.getTime();
  return t < p || (t === p && entry.id < position.id);
}
