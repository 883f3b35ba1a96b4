import { ErrorCategory } from '@nest-resilience/resilience';
import { DeadLetterStatus } from '../dead-letter-status.enum.js';
import { BulkReplayFilterCodec } from './bulk-replay-filter.codec.js';

describe('BulkReplayFilterCodec', () => {
  it('stores a filter as strings and reads it back, dates included', () => {
    const filter = {
      source: 'orders-queue',
      destination: 'amqp:orders',
      status: DeadLetterStatus.FAILED,
      category: ErrorCategory.TRANSIENT,
      from: new Date('2026-01-01T00:00:00.000Z'),
      to: new Date('2026-02-01T00:00:00.000Z'),
    };
    const stored = BulkReplayFilterCodec.encode(filter);
    expect(stored).toEqual({
      source: 'orders-queue',
      destination: 'amqp:orders',
      status: 'FAILED',
      category: 'TRANSIENT',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    expect(BulkReplayFilterCodec.decode(stored)).toEqual(filter);
  });

  it('leaves out what is unset, and never stores the job-relative attempt bound', () => {
    expect(
      BulkReplayFilterCodec.encode({
        source: undefined,
        notAttemptedSince: new Date(),
      }),
    ).toEqual({});
    expect(BulkReplayFilterCodec.decode({})).toEqual({});
  });
});
