import { DeadLetterTransport } from './dead-letter.transport.js';
import { DeadLetterTransportRegistry } from './dead-letter-transport.registry.js';

class ConfirmingTransport extends DeadLetterTransport {
  readonly schemes = ['hook'];
  deliver(): Promise<void> {
    return Promise.resolve();
  }
}

class BrokerTransport extends DeadLetterTransport {
  readonly schemes = ['AMQP'];
  override readonly handOverOnly = true;
  deliver(): Promise<void> {
    return Promise.resolve();
  }
}

describe('DeadLetterTransportRegistry', () => {
  it('resolves a transport by the scheme of the destination, case-insensitively', () => {
    const registry = new DeadLetterTransportRegistry();
    const broker = new BrokerTransport();
    const unregister = registry.register(broker);
    expect(registry.resolve('amqp:orders')).toBe(broker);
    expect(registry.resolve('nats:orders')).toBeUndefined();
    unregister();
    expect(registry.resolve('amqp:orders')).toBeUndefined();
  });

  it('treats a transport as confirming its handler unless it declares hand-over only', () => {
    expect(new ConfirmingTransport().handOverOnly).toBe(false);
    expect(new BrokerTransport().handOverOnly).toBe(true);
  });
});
