import { REQUEST_ID_HEADER } from './request-id.constants.js';

/** What the filter and the request context need to know about an incoming message. */
export interface RpcMessageInfo {
  /** Pattern, subject, topic or channel the message arrived on. */
  pattern?: string;
  /** The sender's request id, whatever it looks like (check it before use). */
  requestId?: unknown;
  /** Id of the message where the transport or the payload carries one. */
  messageId?: string;
  /** The sender's `accept-language` header, for localised envelopes. */
  acceptLanguage?: string;
}

type Headers =
  Record<string, unknown> | { get(name: string): unknown } | undefined;

const MESSAGE_ID_HEADER = 'x-message-id';

/**
 * Reads pattern, request id and message id from a Nest RPC context of any built-in transport,
 * by duck typing so that no transport package has to be installed: TCP and Redis packet
 * metadata, RabbitMQ properties and headers, NATS headers, Kafka headers and MQTT packets.
 * A payload's own `messageId` (string) is used when the transport has none.
 */
export function readRpcMessage(
  context: unknown,
  data: unknown,
): RpcMessageInfo {
  const ctx = (
    typeof context === 'object' && context !== null ? context : {}
  ) as Record<string, unknown>;
  const pattern = firstString(
    call(ctx, 'getPattern'),
    call(ctx, 'getSubject'),
    call(ctx, 'getTopic'),
    call(ctx, 'getChannel'),
  );
  const message = asRecord(call(ctx, 'getMessage'));
  const properties = asRecord(message?.properties);
  const sources: Headers[] = [
    asRecord(call(ctx, 'getMetadata')),
    asRecord(properties?.headers),
    call(ctx, 'getHeaders') as Headers,
    asRecord(message?.headers),
    asRecord(
      asRecord(asRecord(call(ctx, 'getPacket'))?.properties)?.userProperties,
    ),
  ];
  const payloadMessageId = asRecord(data)?.messageId;
  return {
    pattern,
    requestId: headerValue(sources, REQUEST_ID_HEADER),
    messageId: firstString(
      headerValue(sources, MESSAGE_ID_HEADER),
      properties?.messageId,
      payloadMessageId,
    ),
    acceptLanguage: firstString(headerValue(sources, 'accept-language')),
  };
}

function call(target: Record<string, unknown>, method: string): unknown {
  const fn = target[method];
  if (typeof fn !== 'function') return undefined;
  try {
    return (fn as () => unknown).call(target);
  } catch {
    // A context of another transport may throw for what it does not carry: treat as absent.
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

function headerValue(sources: Headers[], name: string): unknown {
  for (const source of sources) {
    if (!source) continue;
    const value =
      typeof (source as { get?: unknown }).get === 'function'
        ? (source as { get(name: string): unknown }).get(name)
        : (source as Record<string, unknown>)[name];
    // Kafka headers arrive as Buffers.
    const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
    if (text !== undefined && text !== null && text !== '') return text;
  }
  return undefined;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}
