import { DeliveryServiceSimulator } from './delivery-service.simulator.js';
import { ProductServiceSimulator } from './product-service.simulator.js';

describe('the downstream simulators', () => {
  it('schedule one delivery per idempotency key (else order id) until reset', async () => {
    const simulator = new DeliveryServiceSimulator();
    const first = await simulator.schedule('o-1', 'k-1');
    expect(first).toMatchObject({
      status: 201,
      body: { carrier: 'Simulated Express' },
    });
    expect(await simulator.schedule('o-2', 'k-1')).toEqual(first);
    expect(await simulator.schedule('o-1', undefined)).not.toEqual(first);
    simulator.reset();
    expect(await simulator.schedule('o-1', 'k-1')).not.toEqual(first);
  });

  it('answer the faults they are given with a problem, or drop the connection, and count them', async () => {
    const simulator = new ProductServiceSimulator();
    expect(
      await simulator.checkAvailability(['p-1', 'out-of-stock-1']),
    ).toEqual({
      status: 200,
      body: [
        { productId: 'p-1', available: true, quantity: 1_000 },
        { productId: 'out-of-stock-1', available: false, quantity: 0 },
      ],
    });
    simulator.setFaults({ errorRate: 1, status: 429 });
    expect(await simulator.checkAvailability(['p-1'])).toMatchObject({
      status: 429,
      contentType: 'application/problem+json',
      body: { status: 429, title: 'Simulated failure' },
    });
    simulator.setFaults({ down: true });
    expect(await simulator.checkAvailability(['p-1'])).toEqual({ drop: true });
    expect(simulator.view().requests).toEqual({ total: 3, faulted: 2 });
  });
});
