import pg from 'pg';

/** What became of the events the orders wrote to the outbox. */
export interface MessageTotals {
  /** Events written to the outbox (each order change's, in its transaction). */
  published: number;
  /** Of them, still unpublished when counted. */
  unpublished: number;
  /** Events whose effect committed in the projection's inbox. */
  applied: number;
  /** Events in the dead letter queue (the `dead_letters` table). */
  deadLettered: number;
  /** Of them, those whose failure was `INTERNAL`: the message path's 500. */
  deadLetteredInternal: number;
  /** Events the broker itself gave up on (`<queue>.dead`). */
  brokerDeadLettered: number;
  /** Events with more than one outcome: the sum of {@link duplicates}. */
  duplicated: number;
  duplicates: {
    /** Effects on an order beyond the events its inbox position passed. */
    appliedTwice: number;
    /** Events dead-lettered whose effect the projection shows applied as well. */
    appliedAndDeadLettered: number;
    /** Dead letters beyond the first for one event. */
    deadLetteredTwice: number;
  };
  /** published − applied − dead-lettered (both kinds). */
  lost: number;
  /** Orders stored twice for one request (one customer each in this run). */
  duplicateOrders: number;
  /** Dead letters by event type and error code, with a sample message, most frequent first. */
  deadLetterReasons: string[];
}

/**
 * Reads the run's tables by name, with a client of its own straight to the real PostgreSQL
 * (never through the application's proxy), in the run's schema.
 */
export class MessageLedger {
  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  /**
   * Creates `schema` and returns its ledger.
   * @throws Error naming PostgreSQL and how to start it when unreachable
   */
  static async create(url: string, schema: string): Promise<MessageLedger> {
    const pool = new pg.Pool({
      connectionString: url,
      max: 2,
      options: `-c search_path=${schema}`,
    });
    pool.on('error', () => undefined);
    try {
      await pool.query(`CREATE SCHEMA ${schema}`);
    } catch (error) {
      await pool.end();
      throw new Error(
        `PostgreSQL is not reachable at ${url} (start it with \`docker compose up -d postgres\`): ${String(error)}`,
      );
    }
    return new MessageLedger(pool, schema);
  }

  /**
   * Epoch milliseconds of the first event applied after `since`, if any, as the projection
   * stamped it. An order's stamp is its last event's, so a later event of the same order can
   * hide an earlier one: with many orders at once, the error is a few milliseconds.
   */
  async firstAppliedAfter(since: number): Promise<number | undefined> {
    const rows = await this.rows<{ at: string | null }>(
      `SELECT min(updated_at) AS at FROM order_status_projection WHERE updated_at > $1`,
      [since],
    );
    return rows[0]?.at ? Number(rows[0].at) : undefined;
  }

  /**
   * Counts every outcome; `brokerDeadLettered` comes from the broker. The inbox keeps a
   * sequenced event as its group's position (`messaging_inbox_groups`), which passes both the
   * events applied and those dead-lettered (an inbox row `DEAD_LETTERED`, an entry in
   * `dead_letters`); the projection counts the effects per order (`events_applied`).
   */
  async totals(brokerDeadLettered: number): Promise<MessageTotals> {
    const [row] = await this.rows<Record<string, string>>(`
      WITH events AS (
        SELECT o.message_id, o.group_key, o.published_at,
          o.sequence <= coalesce(max(g.last_sequence), 0) AS passed
        FROM messaging_outbox o
        LEFT JOIN messaging_inbox_groups g ON g.group_key = o.group_key
        GROUP BY o.id
      ),
      dead AS (
        SELECT d.message_id, count(*) AS copies
        FROM dead_letters d JOIN events e USING (message_id) GROUP BY d.message_id
      ),
      dead_in_inbox AS (
        SELECT DISTINCT i.message_id FROM messaging_inbox i JOIN events e USING (message_id)
        WHERE i.status IN ('DEAD_LETTERED', 'DEAD_LETTERING')
      ),
      applied AS (
        SELECT e.message_id, e.group_key FROM events e
        WHERE e.passed
          AND e.message_id NOT IN (SELECT message_id FROM dead)
          AND e.message_id NOT IN (SELECT message_id FROM dead_in_inbox)
      ),
      per_order AS (
        SELECT e.group_key, count(*) FILTER (WHERE a.message_id IS NOT NULL) AS applied,
          count(*) FILTER (WHERE e.passed) AS passed
        FROM events e LEFT JOIN applied a USING (message_id) GROUP BY e.group_key
      ),
      extra AS (
        SELECT greatest(p.events_applied - coalesce(o.passed, 0), 0) AS twice,
          greatest(least(p.events_applied, coalesce(o.passed, 0)) - coalesce(o.applied, 0), 0)
            AS also_dead
        FROM order_status_projection p LEFT JOIN per_order o ON o.group_key = p.order_id
      )
      SELECT
        (SELECT count(*) FROM events) AS published,
        (SELECT count(*) FROM events WHERE published_at IS NULL) AS unpublished,
        (SELECT count(*) FROM applied) AS applied,
        (SELECT count(*) FROM (
          SELECT message_id FROM dead UNION SELECT message_id FROM dead_in_inbox
        ) t) AS dead_lettered,
        (SELECT count(DISTINCT d.message_id) FROM dead_letters d JOIN events e USING (message_id)
           WHERE d.error_code = 'INTERNAL') AS dead_internal,
        (SELECT coalesce(sum(copies - 1), 0) FROM dead) AS dead_twice,
        (SELECT coalesce(sum(twice), 0) FROM extra) AS applied_twice,
        (SELECT coalesce(sum(also_dead), 0) FROM extra) AS applied_and_dead,
        (SELECT coalesce(sum(n - 1), 0) FROM
           (SELECT count(*) AS n FROM orders GROUP BY customer_id HAVING count(*) > 1) t
        ) AS duplicate_orders
    `);
    const reasons = await this.rows<Record<string, string>>(`
      SELECT o.type, d.error_code, count(*) AS n, min(left(d.error_message, 160)) AS sample
      FROM dead_letters d JOIN messaging_outbox o USING (message_id)
      GROUP BY o.type, d.error_code ORDER BY n DESC LIMIT 8
    `);
    const n = (key: string) => Number(row[key]);
    const published = n('published');
    const applied = n('applied');
    const deadLettered = n('dead_lettered');
    return {
      published,
      unpublished: n('unpublished'),
      applied,
      deadLettered,
      deadLetteredInternal: n('dead_internal'),
      brokerDeadLettered,
      duplicated: n('dead_twice') + n('applied_twice') + n('applied_and_dead'),
      duplicates: {
        appliedTwice: n('applied_twice'),
        appliedAndDeadLettered: n('applied_and_dead'),
        deadLetteredTwice: n('dead_twice'),
      },
      lost: Math.max(
        0,
        published - applied - deadLettered - brokerDeadLettered,
      ),
      duplicateOrders: n('duplicate_orders'),
      deadLetterReasons: reasons.map(
        (r) => `${r.n} ${r.type} ${r.error_code}: ${r.sample}`,
      ),
    };
  }

  /** Drops the schema and closes the client. */
  async drop(): Promise<void> {
    try {
      await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    } finally {
      await this.pool.end();
    }
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }
}
