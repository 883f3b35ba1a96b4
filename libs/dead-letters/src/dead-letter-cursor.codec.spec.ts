import { DeadLetterCursorCodec } from './dead-letter-cursor.codec.js';
import { InvalidDeadLetterCursorError } from './errors/invalid-dead-letter-cursor.error.js';

describe('DeadLetterCursorCodec', () => {
  it('round-trips the position, to the millisecond, as an opaque URL-safe string', () => {
    const position = {
      createdAt: new Date('2026-03-01T10:20:30.456Z'),
      id: '3f1c1c9e-1b1a-4f6e-9d59-1f2a3b4c5d6e',
    };
    const cursor = DeadLetterCursorCodec.encode(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(position.id);
    expect(DeadLetterCursorCodec.decode(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['a negative time', Buffer.from('[-1,"a"]').toString('base64url')],
    ['a fractional time', Buffer.from('[1.5,"a"]').toString('base64url')],
    [
      'an id with SQL in it',
      Buffer.from(`[1,"a' OR 1=1"]`).toString('base64url'),
    ],
    ['three members', Buffer.from('[1,"a",2]').toString('base64url')],
  ])('refuses %s', (_label, cursor) => {
    expect(() => DeadLetterCursorCodec.decode(cursor)).toThrow(
      InvalidDeadLetterCursorError,
    );
  });
});
