import type { ConsumeMessage } from 'amqplib';
import { isMalformedMessageError } from '../errors/malformed-message.error.js';
import { readRmqMessage } from './rmq-delivery.reader.js';

function message(
  body: string,
  headers: Record<string, unknown> = {},
  extra: Partial<ConsumeMessage['properties']> = {},
  redelivered = false,
): ConsumeMessage {
  return {
    content: Buffer.from(body),
    fields: {
      deliveryTag: 1,
      redelivered,
      exchange: '',
      routingKey: 'q',
      consumerTag: 'c',
    },
    properties: {
      headers,
      messageId: 'm-1',
      ...extra,
    } as ConsumeMessage['properties'],
  } as ConsumeMessage;
}

describe('readRmqMessage', () => {
  it('reads a Nest packet with id, group, sequence and the replay address', () => {
    const { delivery, packet } = readRmqMessage(
      message('{"pattern":"ORDER_SHIPPED","data":{"orderId":"o-1"}}', {
        'x-group-key': 'o-1',
        'x-group-seq': 2,
      }),
      'orders.events',
    );
    expect(packet).toEqual({
      pattern: 'ORDER_SHIPPED',
      data: { orderId: 'o-1' },
    });
    expect(delivery).toMatchObject({
      consumer: 'orders.events',
      source: 'orders.events',
      destination: 'amqp:orders.events',
      pattern: 'ORDER_SHIPPED',
      messageId: 'm-1',
      groupKey: 'o-1',
      sequence: 2,
      redelivered: false,
      priorAttempts: 0,
      sequenced: true,
    });
  });

  it('takes a redelivery from the flag or a quorum queue delivery count, and attempts from x-attempts', () => {
    const flagged = readRmqMessage(
      message('{"pattern":"p","data":1}', {}, {}, true),
      'q',
    ).delivery;
    const counted = readRmqMessage(
      message('{"pattern":"p","data":1}', {
        'x-delivery-count': 2,
        'x-attempts': '3',
      }),
      'q',
    ).delivery;
    expect(flagged.redelivered).toBe(true);
    expect(counted).toMatchObject({ redelivered: true, priorAttempts: 3 });
  });

  it('turns an unreadable body into a malformed packet and keeps the raw text as the payload', () => {
    const notJson = readRmqMessage(message('{"pattern":'), 'q');
    const noPattern = readRmqMessage(message('{"data":{}}'), 'q');
    expect(
      'error' in notJson.packet &&
        isMalformedMessageError(notJson.packet.error),
    ).toBe(true);
    expect(notJson.delivery.payload).toBe('{"pattern":');
    expect(
      'error' in noPattern.packet &&
        isMalformedMessageError(noPattern.packet.error),
    ).toBe(true);
  });

  it('accepts any JSON body when the pattern travels in x-pattern, and marks replays unsequenced', () => {
    const { delivery, packet } = readRmqMessage(
      message('[1,2]', {
        'x-pattern': 'BULK',
        'x-group-key': 'g',
        'x-group-seq': '4',
        'x-replay-of': 'dl-1',
      }),
      'q',
    );
    expect(packet).toEqual({ pattern: 'BULK', data: [1, 2] });
    expect(delivery).toMatchObject({ replayOf: 'dl-1', sequenced: false });
  });
});
