import { ErrorCategory } from '@nest-resilience/resilience';
import { DeadLetterStatus } from './dead-letter-status.enum.js';
import {
  deadLetterAfterCondition,
  deadLetterCursorCondition,
  deadLetterFilterConditions,
} from './dead-letter-filter.query.js';

describe('deadLetterFilterConditions', () => {
  it('has no condition for an empty filter', () => {
    expect(deadLetterFilterConditions({})).toEqual({
      clauses: [],
      parameters: {},
    });
  });

  it('turns every member into one parameterised condition on its column', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-02-01T00:00:00Z');
    const since = new Date('2026-03-01T00:00:00Z');
    const { clauses, parameters } = deadLetterFilterConditions(
      {
        source: "orders'; DROP TABLE x; --",
        destination: 'http://127.0.0.1/x',
        status: DeadLetterStatus.PENDING,
        category: ErrorCategory.TRANSIENT,
        from,
        to,
        notAttemptedSince: since,
      },
      'd',
    );
    expect(clauses).toEqual([
      'd.source = :f_source',
      'd.destination = :f_destination',
      'd.status = :f_status',
      'd.category = :f_category',
      'd.created_at >= :f_from',
      'd.created_at < :f_to',
      '(d.last_attempt_at IS NULL OR d.last_attempt_at < :f_attempted)',
    ]);
    // Values only ever travel as parameters, never in the SQL text.
    expect(clauses.join(' ')).not.toContain('DROP');
    expect(parameters).toEqual({
      f_source: "orders'; DROP TABLE x; --",
      f_destination: 'http://127.0.0.1/x',
      f_status: 'PENDING',
      f_category: 'TRANSIENT',
      f_from: from,
      f_to: to,
      f_attempted: since,
    });
  });

  it('uses bare column names without an alias (UPDATE statements)', () => {
    expect(
      deadLetterFilterConditions({ status: DeadLetterStatus.FAILED }).clauses,
    ).toEqual(['status = :f_status']);
  });
});

describe('deadLetterCursorCondition', () => {
  it('selects strictly older entries, or as old with a smaller id', () => {
    const createdAt = new Date('2026-01-01T00:00:00Z');
    expect(deadLetterCursorCondition({ createdAt, id: 'b' }, 'd')).toEqual({
      clauses: [
        '(d.created_at < :c_created OR (d.created_at = :c_created AND d.id < :c_id))',
      ],
      parameters: { c_created: createdAt, c_id: 'b' },
    });
  });
});

describe('deadLetterAfterCondition', () => {
  it('selects strictly newer entries, or as old with a greater id (oldest-first order)', () => {
    const createdAt = new Date('2026-01-01T00:00:00Z');
    expect(deadLetterAfterCondition({ createdAt, id: 'b' }, 'c')).toEqual({
      clauses: [
        '(c.created_at > :p_created OR (c.created_at = :p_created AND c.id > :p_id))',
      ],
      parameters: { p_created: createdAt, p_id: 'b' },
    });
  });
});
