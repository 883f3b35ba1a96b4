import type { ConsumeMessage } from 'amqplib';
import type { InboundPacket } from '../delivery/inbound-message.interface.js';
import { MessageDelivery } from '../delivery/message-delivery.js';
import { MalformedMessageError } from '../errors/malformed-message.error.js';
import { MESSAGE_HEADERS } from '../messaging.constants.js';

/** A RabbitMQ message read into a delivery and a packet. */
export interface RmqInbound {
  delivery: MessageDelivery;
  packet: InboundPacket;
}

/**
 * Reads a RabbitMQ message: id, group and sequence from properties and headers, attempts
 * carried by the message (`x-attempts`) and redelivery (the `redelivered` flag, or a quorum
 * queue's `x-delivery-count`), and the body as a Nest packet `{ pattern, data, id? }` (a
 * pattern in the `x-pattern` header makes any JSON body the data). A body that is not JSON or
 * names no pattern becomes a `MalformedMessageError` packet, to be dead-lettered as raw text.
 */
export function readRmqMessage(
  message: ConsumeMessage,
  queue: string,
): RmqInbound {
  const headers = stringHeaders(message.properties.headers);
  const text = message.content.toString('utf8');
  const packet = parsePacket(text, headers[MESSAGE_HEADERS.pattern], queue);
  const sequence = Number(headers[MESSAGE_HEADERS.sequence]);
  const groupKey = headers[MESSAGE_HEADERS.groupKey];
  const deliveryCount = Number(headers['x-delivery-count'] ?? 0);
  const delivery = new MessageDelivery({
    consumer: queue,
    transport: 'rabbitmq',
    source: queue,
    destination: `amqp:${queue}`,
    pattern: 'pattern' in packet ? packet.pattern : undefined,
    messageId: firstString(
      message.properties.messageId,
      headers[MESSAGE_HEADERS.messageId],
    ),
    ...(groupKey && Number.isInteger(sequence) && sequence > 0
      ? { groupKey, sequence }
      : {}),
    headers,
    payload: 'data' in packet ? packet.data : text,
    redelivered: message.fields.redelivered || deliveryCount > 0,
    priorAttempts: nonNegative(headers[MESSAGE_HEADERS.attempts]),
    replayOf: headers[MESSAGE_HEADERS.replayOf],
  });
  return { delivery, packet };
}

function parsePacket(
  text: string,
  headerPattern: string | undefined,
  queue: string,
): InboundPacket {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { error: new MalformedMessageError(queue, error) };
  }
  if (headerPattern) return { pattern: headerPattern, data: body };
  const packet = body as { pattern?: unknown; data?: unknown; id?: unknown };
  if (
    typeof packet !== 'object' ||
    packet === null ||
    packet.pattern === undefined
  ) {
    return { error: new MalformedMessageError(queue) };
  }
  const pattern =
    typeof packet.pattern === 'string'
      ? packet.pattern
      : JSON.stringify(packet.pattern);
  return {
    pattern,
    data: packet.data,
    ...(typeof packet.id === 'string' ? { id: packet.id } : {}),
  };
}

function stringHeaders(
  headers: Record<string, unknown> | undefined,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] =
      typeof value === 'string'
        ? value
        : Buffer.isBuffer(value)
          ? value.toString('utf8')
          : JSON.stringify(value);
  }
  return result;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}

function nonNegative(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : 0;
}
