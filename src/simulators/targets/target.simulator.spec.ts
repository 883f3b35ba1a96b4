import { TargetSimulator } from './target.simulator.js';

describe('TargetSimulator', () => {
  it('applies a side effect once per idempotency key and answers repeats from its store', async () => {
    const target = new TargetSimulator('payment-service', 'payments', () => ({
      status: 'captured',
    }));
    const first = await target.handle({
      operation: 'apply',
      body: { amount: 1 },
      idempotencyKey: 'm1:pay',
    });
    const again = await target.handle({
      operation: 'apply',
      body: { amount: 1 },
      idempotencyKey: 'm1:pay',
    });
    expect(first).toEqual({
      status: 201,
      body: { id: 'payments-1', status: 'captured' },
      replayed: false,
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(target.view().stats).toMatchObject({
      requests: 2,
      applied: 1,
      replayed: 1,
    });
    expect(target.appliedFor('m1:')).toBe(1);
  });

  it('applies repeats that arrive while the first is still being handled once', async () => {
    const target = new TargetSimulator('fhir-server', 'Bundle');
    target.setFaults({ latencyMs: 20 });
    const answers = await Promise.all([
      target.handle({ operation: 'apply', idempotencyKey: 'k' }),
      target.handle({ operation: 'apply', idempotencyKey: 'k' }),
    ]);
    expect(target.view().stats.applied).toBe(1);
    expect(answers.filter((a) => !a.drop && a.replayed)).toHaveLength(1);
  });

  it('cancels a record idempotently and answers 404 for an unknown one', async () => {
    const target = new TargetSimulator('inventory-service', 'reservations');
    await target.handle({ operation: 'apply', idempotencyKey: 'r' });
    expect(
      await target.handle({ operation: 'undo', id: 'reservations-1' }),
    ).toMatchObject({ status: 200 });
    expect(
      await target.handle({ operation: 'undo', id: 'reservations-1' }),
    ).toMatchObject({ status: 200 });
    expect(
      await target.handle({ operation: 'undo', id: 'nope' }),
    ).toMatchObject({ status: 404 });
    expect(target.view().stats.undone).toBe(1);
  });

  it('injects the faults it is given and keeps unset ones', async () => {
    const target = new TargetSimulator('shipping-service', 'shipments');
    expect(target.setFaults({ errorRate: 1, status: 422 })).toEqual({
      errorRate: 1,
      status: 422,
      latencyMs: 0,
      down: false,
    });
    expect(target.setFaults({ latencyMs: undefined })).toMatchObject({
      errorRate: 1,
      latencyMs: 0,
    });
    expect(await target.handle({ operation: 'apply' })).toMatchObject({
      status: 422,
    });
    target.setFaults({ errorRate: 0, down: true });
    expect(await target.handle({ operation: 'apply' })).toEqual({ drop: true });
    expect(target.view()).toMatchObject({
      requests: { total: 2, faulted: 2 },
      stats: { applied: 0 },
    });
  });
});
