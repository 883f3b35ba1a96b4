import { DeliveryServiceSimulator } from './downstream/delivery-service.simulator.js';
import { ProductServiceSimulator } from './downstream/product-service.simulator.js';
import { SimulatorNotFoundError } from './errors/simulator-not-found.error.js';
import { NO_FAULTS } from './simulator-faults.interface.js';
import { SimulatorRegistry } from './simulator.registry.js';
import { TargetSimulator } from './targets/target.simulator.js';

describe('SimulatorRegistry', () => {
  const create = () =>
    new SimulatorRegistry([
      new ProductServiceSimulator(),
      new DeliveryServiceSimulator(),
      new TargetSimulator('payment-service', 'payments'),
    ]);

  it('lists every simulator in the order given, healthy at first', () => {
    expect(create().list()).toEqual(
      ['product-service', 'delivery-service', 'payment-service'].map((name) =>
        expect.objectContaining({
          name,
          path: `/simulators/${name}`,
          faults: NO_FAULTS,
          requests: { total: 0, faulted: 0 },
        }),
      ),
    );
  });

  it('finds a simulator by name and kind, and refuses an unknown name or the wrong kind', () => {
    const registry = create();
    expect(registry.get('payment-service', TargetSimulator)).toBeInstanceOf(
      TargetSimulator,
    );
    expect(() => registry.get('no-such-service')).toThrow(
      SimulatorNotFoundError,
    );
    expect(() => registry.get('product-service', TargetSimulator)).toThrow(
      TypeError,
    );
  });

  it('changes the faults given, keeps the others, and answers the view', () => {
    const registry = create();
    expect(
      registry.setFaults('payment-service', { errorRate: 1, status: 502 }),
    ).toMatchObject({
      name: 'payment-service',
      faults: { errorRate: 1, status: 502, latencyMs: 0, down: false },
      stats: { applied: 0 },
    });
    expect(
      registry.setFaults('payment-service', {
        latencyMs: undefined,
        down: true,
      }).faults,
    ).toEqual({ errorRate: 1, status: 502, latencyMs: 0, down: true });
    expect(() => registry.setFaults('nope', { down: true })).toThrow(
      SimulatorNotFoundError,
    );
  });

  it('resets one simulator: faults, counts and what it stored', async () => {
    const registry = create();
    const target = registry.get('payment-service', TargetSimulator);
    await target.handle({ operation: 'apply', idempotencyKey: 'k' });
    registry.setFaults('payment-service', { errorRate: 1 });
    await target.handle({ operation: 'apply' });
    registry.reset('payment-service');
    expect(target.view()).toMatchObject({
      faults: NO_FAULTS,
      requests: { total: 0, faulted: 0 },
      stats: { requests: 0, applied: 0, failed: 0 },
      records: 0,
    });
    expect(
      await target.handle({ operation: 'apply', idempotencyKey: 'k' }),
    ).toMatchObject({ status: 201, replayed: false });
  });
});
