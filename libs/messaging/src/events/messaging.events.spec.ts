import type { MessageOutcomeEvent } from './message-outcome-event.interface.js';
import { MessagingEvents } from './messaging.events.js';

const delivery = { transport: 'rabbitmq', consumer: 'orders.events' };

describe('MessagingEvents', () => {
  it('reports each settlement by transport, queue and outcome; a decision to dead-letter only once stored', () => {
    const events = new MessagingEvents();
    const seen: MessageOutcomeEvent[] = [];
    events.on((event) => seen.push(event));

    events.settled(delivery, 'ack');
    events.settled(delivery, 'redeliver');
    events.settled(delivery, 'park');
    events.settled(delivery, 'dead-letter');
    events.deadLettered(delivery);

    expect(seen.map((event) => event.outcome)).toEqual([
      'handled',
      'redelivered',
      'parked',
      'dead_lettered',
    ]);
    expect(seen[0]).toEqual({
      transport: 'rabbitmq',
      queue: 'orders.events',
      outcome: 'handled',
    });
  });

  it('keeps telling the other listeners when one throws, and stops telling a removed one', () => {
    const events = new MessagingEvents();
    const seen: string[] = [];
    events.on(() => {
      throw new Error('broken listener');
    });
    const off = events.on((event) => seen.push(event.outcome));

    events.settled(delivery, 'ack');
    off();
    events.settled(delivery, 'ack');

    expect(seen).toEqual(['handled']);
  });
});
