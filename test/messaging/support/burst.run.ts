import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeadLetterService,
  type DeadLetter,
} from '@nest-resilience/dead-letters';
import {
  MESSAGE_HEADERS,
  MessagingTransportRegistry,
} from '@nest-resilience/messaging';
import { APPLIED_LOG_TABLE } from './applied-log.js';
import type { BurstMessage } from './burst.plan.js';
import type { MessagingTestApp } from './messaging-test.app.js';
import type { MessagingTestDatabase } from './messaging-test.database.js';

/** How a burst spec reaches its broker. */
export interface BurstBroker {
  /** Dead letter `source` of the consumer (queue or stream). */
  source: string;
  /** Publishes every message as fast as the broker confirms them. */
  publish(plan: readonly BurstMessage[]): Promise<void>;
  /** Messages the broker still holds for the consumer (ready or unacknowledged, dead queue included). */
  backlog(): Promise<number>;
}

/** What became of a burst. */
export interface BurstReport {
  publishMs: number;
  settleMs: number;
  /** Valid messages applied exactly once / more than once / never. */
  appliedOnce: number;
  appliedTwice: number;
  notApplied: number;
  poisonApplied: number;
  /** Dead letters of this burst: of poison, with a validation code, and any other. */
  deadLettered: number;
  poisonDeadLettered: number;
  poisonWithValidationCode: number;
  otherDeadLetters: string[];
  /** Poison messages with no dead letter. */
  poisonMissing: number;
  /** Applied out of sequence within their group. */
  reordered: number;
  /** Valid messages applied only after a failed attempt. */
  retried: number;
  backlog: number;
  inFlight: number;
}

/**
 * Publishes `plan`, waits until every message is applied or dead-lettered (calling `onProgress`
 * with the count meanwhile), then reads what happened to each.
 */
export async function runBurst(
  t: MessagingTestApp,
  database: MessagingTestDatabase,
  broker: BurstBroker,
  plan: readonly BurstMessage[],
  options: {
    timeoutMs: number;
    /** Called at each poll with the messages settled so far, and a way to count them again. */
    onProgress?: (
      settled: number,
      count: () => Promise<number>,
    ) => Promise<void>;
  },
): Promise<BurstReport> {
  const prefix = plan[0].messageId.replace(/-0$/, '-');
  const count = async (): Promise<number> => {
    const [row] = await database.query<{ settled: string }>(
      `SELECT (SELECT count(DISTINCT message_id) FROM ${APPLIED_LOG_TABLE} WHERE message_id LIKE $1)
            + (SELECT count(DISTINCT message_id) FROM dead_letters WHERE source = $2 AND message_id LIKE $1)
              AS settled`,
      [`${prefix}%`, broker.source],
    );
    return Number(row.settled);
  };
  const started = Date.now();
  await broker.publish(plan);
  const publishMs = Date.now() - started;
  const deadline = started + options.timeoutMs;
  for (;;) {
    const settled = await count();
    if (settled >= plan.length || Date.now() > deadline) break;
    await options.onProgress?.(settled, count);
    await sleep(250);
  }
  const settleMs = Date.now() - started;
  // Late duplicates would show up now.
  await sleep(1_000);
  return analyse(t, database, broker, plan, prefix, { publishMs, settleMs });
}

async function analyse(
  t: MessagingTestApp,
  database: MessagingTestDatabase,
  broker: BurstBroker,
  plan: readonly BurstMessage[],
  prefix: string,
  timing: { publishMs: number; settleMs: number },
): Promise<BurstReport> {
  const rows = await database.query<{
    message_id: string;
    group_key: string;
    sequence: number;
    attempt: number;
  }>(
    `SELECT message_id, group_key, sequence, attempt FROM ${APPLIED_LOG_TABLE}
      WHERE message_id LIKE $1 ORDER BY id`,
    [`${prefix}%`],
  );
  const applied = new Map<string, number>();
  for (const row of rows)
    applied.set(row.message_id, (applied.get(row.message_id) ?? 0) + 1);
  const lastOfGroup = new Map<string, number>();
  let reordered = 0;
  for (const row of rows) {
    if (row.sequence <= (lastOfGroup.get(row.group_key) ?? 0)) reordered++;
    lastOfGroup.set(
      row.group_key,
      Math.max(lastOfGroup.get(row.group_key) ?? 0, row.sequence),
    );
  }
  const dead = (await deadLettersOf(t, broker.source)).filter((entry) =>
    entry.messageId?.startsWith(prefix),
  );
  const poison = new Set(plan.filter((m) => m.poison).map((m) => m.messageId));
  const valid = plan.filter((m) => !m.poison);
  const deadPoison = dead.filter((entry) => poison.has(entry.messageId!));
  const endpoints = t.get(MessagingTransportRegistry).list();
  return {
    ...timing,
    appliedOnce: valid.filter((m) => applied.get(m.messageId) === 1).length,
    appliedTwice: valid.filter((m) => (applied.get(m.messageId) ?? 0) > 1)
      .length,
    notApplied: valid.filter((m) => !applied.has(m.messageId)).length,
    poisonApplied: [...poison].filter((id) => applied.has(id)).length,
    deadLettered: dead.length,
    poisonDeadLettered: new Set(deadPoison.map((entry) => entry.messageId))
      .size,
    poisonWithValidationCode: deadPoison.filter(
      (entry) =>
        entry.error.code === 'VALIDATION_FAILED' &&
        historyCodes(entry).every((code) => code === 'VALIDATION_FAILED'),
    ).length,
    otherDeadLetters: dead
      .filter((entry) => !poison.has(entry.messageId!))
      .map(
        (entry) =>
          `${entry.messageId}: ${entry.error.code} after ${entry.retryCount} deliveries (${entry.error.message})`,
      ),
    poisonMissing: [...poison].filter(
      (id) => !deadPoison.some((entry) => entry.messageId === id),
    ).length,
    reordered,
    retried: rows.filter((row) => row.attempt > 1).length,
    backlog: await broker.backlog(),
    inFlight: endpoints.reduce(
      (sum, endpoint) => sum + (endpoint.load?.().inFlight ?? 0),
      0,
    ),
  };
}

async function deadLettersOf(
  t: MessagingTestApp,
  source: string,
): Promise<DeadLetter[]> {
  const entries: DeadLetter[] = [];
  let cursor: string | undefined;
  do {
    const page = await t.get(DeadLetterService).list({ source }, 500, cursor);
    entries.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return entries;
}

function historyCodes(entry: DeadLetter): string[] {
  const history = JSON.parse(
    entry.headers[MESSAGE_HEADERS.attemptHistory] ?? '[]',
  ) as { code: string }[];
  return history.map((record) => record.code);
}

/** A one-line summary for the spec's output. */
export function describeBurst(
  name: string,
  total: number,
  report: BurstReport,
): string {
  return (
    `${name}: ${total} messages published in ${(report.publishMs / 1000).toFixed(1)} s, ` +
    `settled in ${(report.settleMs / 1000).toFixed(1)} s; applied once ${report.appliedOnce}, ` +
    `dead-lettered ${report.deadLettered} (poison ${report.poisonDeadLettered}, other ${report.otherDeadLetters.length}), ` +
    `applied after a failed attempt ${report.retried}\n`
  );
}
