import { setTimeout as sleep } from 'node:timers/promises';
import type { Checkpoint, CheckpointStore } from '@nest-resilience/workflows';

/** A valid `patient-record` payload. */
export function patientRecord(n = 1): Record<string, unknown> {
  return {
    patient: {
      id: `p-${n}`,
      family: 'Doe',
      given: 'Jane',
      birthDate: '1980-01-01',
    },
    observations: [
      { code: '8867-4', value: 72, unit: 'beats/min' },
      { code: '8480-6', value: 120, unit: 'mm[Hg]' },
    ],
  };
}

/** A valid `order-fulfilment` payload. */
export function orderFulfilment(n = 1): Record<string, unknown> {
  return {
    orderId: `order-${n}`,
    customerId: `customer-${n}`,
    items: [{ sku: 'SKU-1', quantity: 2 }],
    amount: { value: 42.5, currency: 'EUR' },
    address: { street: '1 Main St', city: 'Springfield', country: 'US' },
  };
}

/**
 * Polls `probe` until it returns something other than `undefined`.
 * @throws Error naming `what` after `timeoutMs`
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Polls `store` until message `id` has finished, however it ended. @throws Error after 10 s */
export function waitForFinished(
  store: CheckpointStore,
  id: string,
): Promise<Checkpoint> {
  return waitFor(`message ${id} to finish`, async () => {
    const c = await store.find(id);
    return c?.finishedAt ? c : undefined;
  });
}
