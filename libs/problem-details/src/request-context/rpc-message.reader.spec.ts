import { readRpcMessage } from './rpc-message.reader.js';

describe('readRpcMessage', () => {
  it('reads TCP / Redis packet metadata', () => {
    const context = {
      getPattern: () => 'orders.created',
      getMetadata: () => ({
        'x-request-id': 'r-1',
        'x-message-id': 'm-1',
        'accept-language': 'de',
      }),
    };
    expect(readRpcMessage(context, {})).toEqual({
      pattern: 'orders.created',
      requestId: 'r-1',
      messageId: 'm-1',
      acceptLanguage: 'de',
    });
  });

  it('reads RabbitMQ properties and headers', () => {
    const context = {
      getPattern: () => 'orders.created',
      getMessage: () => ({
        properties: { messageId: 'amqp-7', headers: { 'x-request-id': 'r-2' } },
      }),
    };
    expect(readRpcMessage(context, {})).toMatchObject({
      requestId: 'r-2',
      messageId: 'amqp-7',
    });
  });

  it('reads NATS headers and Kafka Buffer headers', () => {
    const nats = {
      getSubject: () => 'orders',
      getHeaders: () => new Map([['x-request-id', 'r-3']]),
    };
    expect(readRpcMessage(nats, {})).toMatchObject({
      pattern: 'orders',
      requestId: 'r-3',
    });
    const kafka = {
      getTopic: () => 'orders',
      getMessage: () => ({ headers: { 'x-request-id': Buffer.from('r-4') } }),
    };
    expect(readRpcMessage(kafka, {})).toMatchObject({
      pattern: 'orders',
      requestId: 'r-4',
    });
  });

  it('falls back to the payload message id and survives contexts that throw or are missing', () => {
    const hostile = {
      getPattern: () => {
        throw new Error('no');
      },
    };
    expect(readRpcMessage(hostile, { messageId: 'p-1' })).toEqual({
      pattern: undefined,
      requestId: undefined,
      messageId: 'p-1',
      acceptLanguage: undefined,
    });
    expect(readRpcMessage(undefined, 42)).toEqual({
      pattern: undefined,
      requestId: undefined,
      messageId: undefined,
      acceptLanguage: undefined,
    });
  });
});
