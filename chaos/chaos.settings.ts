import { randomUUID } from 'node:crypto';

/**
 * The real services the application's proxies forward to: the environment's URLs (as the
 * tests read them), else the addresses `docker compose up -d` gives. Read once, when this
 * module loads, before the run points the application's own variables at its proxies.
 */
export const SERVICES = {
  postgres:
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  rabbitmq: process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
} as const;

/** A whole number of the environment within `[min, max]`, else `fallback`. */
function bounded(name: string, fallback: number, min: number, max: number) {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= min && value <= max
    ? value
    : fallback;
}

/** Names of this run's own resources, so runs and tests never share them. */
const RUN_ID = `${process.pid}_${randomUUID().slice(0, 8)}`;

/**
 * How hard and how long the run drives the application. `CHAOS_DURATION_MS` (35 s to 5 min)
 * and `CHAOS_CONCURRENCY` (1 to 50) change the load; the fault schedule is fixed.
 */
export const CHAOS = {
  runId: RUN_ID,
  /** PostgreSQL schema of the run's tables, dropped at the end. */
  schema: `chaos_${RUN_ID}`,
  /** RabbitMQ queue of the run's events (and its `.dead` / `.dlx`), deleted at the end. */
  queue: `chaos.orders.events.${RUN_ID}`,
  adminToken: `chaos-admin-${randomUUID()}`,
  /** How long requests are sent. @default 45000 */
  loadMs: bounded('CHAOS_DURATION_MS', 45_000, 35_000, 300_000),
  /** Requests in flight at once. @default 10 */
  concurrency: bounded('CHAOS_CONCURRENCY', 10, 1, 50),
  /** How long one request may take before the client gives up on it. */
  clientTimeoutMs: 35_000,
  /** Longest wait, after the load, for the outbox and the queue to drain. */
  drainMs: 60_000,
  /** Wait after draining, for late redeliveries to show up as duplicates. */
  settleMs: 2_000,
} as const;
