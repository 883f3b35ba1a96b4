import {
  ClientProxyFactory,
  Transport,
  type ClientProxy,
} from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { ErrorSeverity } from '@nest-resilience/resilience';
import {
  type ProblemDetails,
  forwardRequestIdOverRpc,
  RequestContext,
} from '@nest-resilience/problem-details';
import {
  closedLoopbackUrl,
  startEnvelopeApp,
  type EnvelopeTestApp,
} from './envelope-test.app.js';
import { expectNoSecrets } from './envelope.assertions.js';

/** The error a `send` subscriber receives. */
async function replyError(
  observable: Promise<unknown>,
): Promise<ProblemDetails> {
  try {
    await observable;
  } catch (error) {
    return error as ProblemDetails;
  }
  throw new Error('expected the call to fail');
}

describe('error envelope over a microservice transport (TCP)', () => {
  let t: EnvelopeTestApp;
  let client: ClientProxy;

  beforeAll(async () => {
    const closed = await closedLoopbackUrl();
    t = await startEnvelopeApp({ stub: closed, closed });
    client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: t.rpcPort },
    });
    forwardRequestIdOverRpc(client);
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('a @MessagePattern failure reaches the client as the envelope object', async () => {
    const envelope = await RequestContext.run(
      { requestId: 'rpc-req-1', startedAt: Date.now(), transport: 'http' },
      () => replyError(firstValueFrom(client.send('orders.find', { id: '7' }))),
    );
    expect(envelope).toEqual({
      type: 'https://errors.resilience.dev/not-found',
      title: 'Not found',
      status: 404,
      detail: 'Order 7 was not found.',
      instance: 'urn:pattern:orders.find',
      code: 'NOT_FOUND',
      category: 'PERMANENT',
      retryable: false,
      requestId: 'rpc-req-1',
      timestamp: expect.any(String),
    });
    expect(
      t.logger.find(
        'requestId=rpc-req-1',
        'NOT_FOUND 404',
        'pattern=orders.find',
      ),
    ).toHaveLength(1);
  });

  it('an unexpected failure is INTERNAL and leaks nothing', async () => {
    const envelope = await replyError(
      firstValueFrom(client.send('orders.crash', {})),
    );
    expect(envelope).toMatchObject({
      code: 'INTERNAL',
      status: 500,
      retryable: false,
    });
    expectNoSecrets(JSON.stringify(envelope));
    expect(t.errorLog.query({ requestId: envelope.requestId })).toHaveLength(1);
  });

  it('validation of a message payload answers VALIDATION_FAILED with pointers', async () => {
    const envelope = await replyError(
      firstValueFrom(
        client.send('orders.line', { productId: '', quantity: 'many' }),
      ),
    );
    expect(envelope.code).toBe('VALIDATION_FAILED');
    expect(envelope.errors?.map((e) => e.pointer).sort()).toEqual(
      expect.arrayContaining(['/productId', '/quantity']),
    );
  });

  it('handlers run inside a request context carrying the sender request id', async () => {
    const state = await RequestContext.run(
      { requestId: 'rpc-ctx-9', startedAt: Date.now(), transport: 'http' },
      () => firstValueFrom(client.send('orders.context', {})),
    );
    expect(state).toMatchObject({
      requestId: 'rpc-ctx-9',
      transport: 'rpc',
      pattern: 'orders.context',
      handlerKind: 'message',
    });
  });

  it('an @EventPattern failure is logged once and handed to the event hook', async () => {
    await RequestContext.run(
      { requestId: 'evt-req-1', startedAt: Date.now(), transport: 'http' },
      () =>
        firstValueFrom(
          client.emit('orders.created', { messageId: 'm-1', orderId: 'o-1' }),
        ),
    );
    await vi.waitFor(() => expect(t.events.failures).toHaveLength(1));
    const [failure] = t.events.failures;
    expect(failure).toMatchObject({
      pattern: 'orders.created',
      messageId: 'm-1',
      data: { messageId: 'm-1', orderId: 'o-1' },
      classification: { code: 'CIRCUIT_OPEN', retryAfterMs: 1_500 },
      envelope: { code: 'CIRCUIT_OPEN', status: 503, requestId: 'evt-req-1' },
    });
    const lines = t.logger.find('requestId=evt-req-1');
    expect(lines).toHaveLength(1);
    expect(lines[0].text).toContain(
      'event pattern=orders.created messageId=m-1',
    );
    expect(lines[0].text).toContain('"code":"CIRCUIT_OPEN"');
    expect(t.errorLog.query({ requestId: 'evt-req-1' })[0]).toMatchObject({
      severity: ErrorSeverity.HIGH,
      context: {
        transport: 'rpc',
        pattern: 'orders.created',
        messageId: 'm-1',
      },
    });
  });
});
