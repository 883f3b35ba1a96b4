import type { ErrorLogEntry } from '@nest-resilience/problem-details';
import type { SensitiveDataMasker } from '../sensitive-data.masker.js';

/** An error log entry as the admin API shows it: masked, dates as ISO strings, no stack. */
export interface ErrorLogEntryView {
  id: string;
  timestamp: string;
  code: string;
  status: number;
  category: string;
  severity: string;
  rule: string;
  requestId: string;
  context: ErrorLogEntry['context'];
  error: { name: string; message: string; causes: string[] };
  resolution?: { by: string; at: string; reason: string };
}

/**
 * The view of `entry`: messages, causes, path and reason masked with the dead letter queue's
 * sensitive keys; the stack never leaves the process.
 */
export function presentErrorLogEntry(
  entry: ErrorLogEntry,
  masker: SensitiveDataMasker,
): ErrorLogEntryView {
  const { context } = entry;
  return {
    id: entry.id,
    timestamp: entry.timestamp.toISOString(),
    code: entry.code,
    status: entry.status,
    category: entry.category,
    severity: entry.severity,
    rule: entry.rule,
    requestId: entry.requestId,
    context: {
      ...context,
      ...(context.path === undefined
        ? {}
        : { path: masker.maskText(context.path) }),
    },
    error: {
      name: entry.error.name,
      message: masker.maskText(entry.error.message),
      causes: (entry.error.causes ?? []).map((cause) => masker.maskText(cause)),
    },
    ...(entry.resolution === undefined
      ? {}
      : {
          resolution: {
            by: entry.resolution.by,
            at: entry.resolution.at.toISOString(),
            reason: masker.maskText(entry.resolution.reason),
          },
        }),
  };
}
