import { AdminAuditCursorCodec } from './admin-audit-cursor.codec.js';
import { parseAdminAuditQuery } from './admin-audit-query.parser.js';

describe('parseAdminAuditQuery', () => {
  it('reads filters, limit and cursor, with a default limit', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const cursor = AdminAuditCursorCodec.encode({ at, id: 'abc-1' });
    expect(
      parseAdminAuditQuery({
        actor: 'alice',
        action: 'dlq.replay',
        outcome: 'REFUSED',
        limit: '20',
        cursor,
      }),
    ).toEqual({
      filter: { actor: 'alice', action: 'dlq.replay', outcome: 'REFUSED' },
      limit: 20,
      cursor: { at, id: 'abc-1' },
    });
    expect(parseAdminAuditQuery({})).toEqual({ filter: {}, limit: 50 });
  });

  it.each([
    [{ limit: '0' }, '/limit'],
    [{ limit: '501' }, '/limit'],
    [{ limit: 'ten' }, '/limit'],
    [{ outcome: 'MAYBE' }, '/outcome'],
    [{ actor: 'a b' }, '/actor'],
    [{ actor: ['a', 'b'] }, '/actor'],
    [{ cursor: 'bm90LWEtY3Vyc29y' }, '/cursor'],
    [{ resolvedBy: 'x' }, '/resolvedBy'],
  ])('refuses %j, pointing at %s', (query, pointer) => {
    expect(() => parseAdminAuditQuery(query)).toThrow(
      expect.objectContaining({
        problem: 'VALIDATION_FAILED',
        extensions: {
          errors: [expect.objectContaining({ pointer })],
        },
      }),
    );
  });
});
