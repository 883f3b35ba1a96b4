import type { ReadPacket } from '@nestjs/microservices';
import { RequestContext } from './request-context.storage.js';
import { REQUEST_ID_HEADER } from './request-id.constants.js';

/**
 * The current request id as message headers, `{ 'x-request-id': id }`, or `{}` outside a
 * request. Put it in whatever carries headers on the transport used for publishing: RabbitMQ
 * `RmqRecordBuilder#setOptions({ headers })`, NATS `NatsRecordBuilder` headers, Kafka message
 * `headers`, or TCP / Redis packet metadata (see {@link forwardRequestIdOverRpc}). The consumer
 * side reads it back in `createRpcRequestContextHook()`.
 */
export function requestIdHeaders(): Record<string, string> {
  const requestId = RequestContext.requestId();
  return requestId === undefined ? {} : { [REQUEST_ID_HEADER]: requestId };
}

/**
 * Makes every packet a Nest `ClientProxy` sends or emits carry the current request id in its
 * metadata (Nest 12's `setOnDispatchHook`); read on the server from `TcpContext#getMetadata()`
 * and `RedisContext#getMetadata()`.
 */
export function forwardRequestIdOverRpc(client: {
  setOnDispatchHook(hook: (packet: ReadPacket) => void): void;
}): void {
  client.setOnDispatchHook((packet) => {
    const headers = requestIdHeaders();
    if (Object.keys(headers).length > 0) {
      packet.metadata = { ...headers, ...packet.metadata };
    }
  });
}
