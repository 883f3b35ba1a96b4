import type { CircuitStateChange } from '@nest-resilience/resilience';
import type { FaultWindow } from './fault.schedule.js';
import type { RequestRecord } from './load.driver.js';
import type { MessageTotals } from './message.ledger.js';

/** A breaker's state and lifetime totals, as `GET /admin/resilience/breakers` lists them. */
export interface BreakerSummary {
  name: string;
  state: string;
  totals: { calls: number; failures: number; rejections: number };
}

/** When the service behind a fault served again, in milliseconds after the fault ended. */
export interface Recovery {
  requestMs?: number;
  messageMs?: number;
}

/** Everything the run prints. */
export interface ChaosOutcome {
  startedAt: number;
  loadMs: number;
  drainMs: number;
  drained: boolean;
  concurrency: number;
  requests: RequestRecord[];
  faults: FaultWindow[];
  recoveries: Recovery[];
  messages: MessageTotals;
  transitions: CircuitStateChange[];
  breakers: BreakerSummary[];
  logCounts: Record<string, number>;
  logSamples: Record<'error' | 'warn', string[]>;
}

/** What a request answered well means, after each fault: the fault's own effect gone. */
export function recoveredBy(fault: string): (record: RequestRecord) => boolean {
  const created = (record: RequestRecord) =>
    record.route === 'POST /orders' && record.status === 201;
  if (fault === 'product-service') {
    // Checked for real again, not accepted for manual review by the fallback.
    return (record) => created(record) && record.requiresManualReview === false;
  }
  if (fault === 'delivery-service') {
    return (record) => created(record) && record.deliveryStatus === 'SCHEDULED';
  }
  return created;
}

/** Milliseconds from `end` to the first answer, to a request sent after it, that `ok` accepts. */
export function requestRecovery(
  records: RequestRecord[],
  end: number,
  ok: (record: RequestRecord) => boolean,
): number | undefined {
  let first: number | undefined;
  for (const record of records) {
    if (record.sentAt >= end && ok(record)) {
      first = Math.min(first ?? Infinity, record.answeredAt);
    }
  }
  return first === undefined ? undefined : first - end;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pad = (cells: (string | number)[], widths: number[]) =>
  cells
    .map((cell, i) =>
      i === 0
        ? String(cell).padEnd(widths[i])
        : String(cell).padStart(widths[i]),
    )
    .join('  ');

const ROUTES = [
  'POST /orders',
  'GET /orders/:id',
  'POST /orders/:id/ship',
  'POST /orders/:id/deliver',
  'POST /orders/:id/cancel',
];
const ROUTE_HEADS = ['create', 'read', 'ship', 'deliver', 'cancel'];

function requestTable(records: RequestRecord[]): string[] {
  const rows = new Map<string, number[]>();
  for (const record of records) {
    const key =
      record.status === 0
        ? `no answer ${record.code}`
        : `${record.status} ${record.code ?? ''}`.trim();
    const row =
      rows.get(key) ?? Array.from({ length: ROUTES.length + 1 }, () => 0);
    row[0]++;
    row[ROUTES.indexOf(record.route) + 1]++;
    rows.set(key, row);
  }
  const widths = [34, 7, ...ROUTE_HEADS.map(() => 8)];
  return [
    pad(['status code', 'total', ...ROUTE_HEADS], widths),
    ...[...rows.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, row]) => pad([key, ...row], widths)),
    pad(
      [
        'all',
        records.length,
        ...ROUTES.map(
          (route) => records.filter((r) => r.route === route).length,
        ),
      ],
      widths,
    ),
  ];
}

/** The run's table, as printed. */
export function formatChaosReport(outcome: ChaosOutcome): string {
  const at = (epochMs: number | undefined) =>
    epochMs === undefined ? '-' : seconds(epochMs - outcome.startedAt);
  const m = outcome.messages;
  const fives = outcome.requests.filter((r) => r.status === 500);
  const lines = [
    '',
    `Chaos run: ${outcome.concurrency} clients for ${seconds(outcome.loadMs)}, then ${
      outcome.drained ? 'drained' : 'NOT drained'
    } in ${seconds(outcome.drainMs)} (times from the start of the load)`,
    '',
    'Faults                                                          on       off   request back  message back',
    ...outcome.faults.map((fault, i) =>
      pad(
        [
          `${fault.name}: ${fault.description}`,
          at(fault.startedAt),
          at(fault.endedAt),
          outcome.recoveries[i].requestMs === undefined
            ? 'never'
            : seconds(outcome.recoveries[i].requestMs!),
          outcome.recoveries[i].messageMs === undefined
            ? 'never'
            : seconds(outcome.recoveries[i].messageMs!),
        ],
        [58, 8, 8, 13, 13],
      ),
    ),
    '',
    'Requests by status',
    ...requestTable(outcome.requests),
    '',
    'Messages',
    `  published        ${m.published}${m.unpublished ? ` (${m.unpublished} still in the outbox)` : ''}`,
    `  applied          ${m.applied}`,
    `  dead-lettered    ${m.deadLettered} (${m.deadLetteredInternal} of them INTERNAL, and ${m.brokerDeadLettered} by the broker)`,
    ...m.deadLetterReasons.map((reason) => `    ${reason}`),
    `  duplicated       ${m.duplicated} (applied twice ${m.duplicates.appliedTwice}, applied and dead-lettered ${m.duplicates.appliedAndDeadLettered}, dead-lettered twice ${m.duplicates.deadLetteredTwice})`,
    `  lost             ${m.lost}`,
    `  orders twice     ${m.duplicateOrders} (one request stored as two orders)`,
    '',
    `Breaker transitions (${outcome.transitions.length})`,
    ...outcome.transitions.map(
      (t) =>
        `  ${at(t.at).padStart(7)}  ${t.breaker.padEnd(18)} ${t.from} -> ${t.to} (${t.reason})`,
    ),
    'Breakers at the end',
    ...outcome.breakers.map(
      (b) =>
        `  ${b.name.padEnd(20)} ${b.state.padEnd(10)} calls ${b.totals.calls}, failures ${b.totals.failures}, rejected ${b.totals.rejections}`,
    ),
    '',
    `Application log: ${
      Object.entries(outcome.logCounts)
        .map(([level, count]) => `${count} ${level}`)
        .join(', ') || 'nothing'
    }`,
    ...outcome.logSamples.error.map((text) => `  error: ${text}`),
    ...outcome.logSamples.warn.map((text) => `  warn:  ${text}`),
  ];
  if (fives.length > 0) {
    lines.push('', '500 answers (first ten)');
    for (const r of fives.slice(0, 10)) {
      lines.push(
        `  ${at(r.sentAt).padStart(7)}  ${r.route}  ${r.code ?? ''}  ${r.detail ?? ''}`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
