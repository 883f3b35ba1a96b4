import { randomBytes, randomUUID } from 'node:crypto';
import type { SimulatedResponse } from '../simulated-response.js';
import { Simulator } from '../simulator.js';

/** Deliveries remembered per `Idempotency-Key`, so a retried request gets the same one. */
const REMEMBERED_DELIVERIES = 10_000;
/** Days from now the simulated carrier promises. */
const DELIVERY_DAYS = 3;

/** What the simulated delivery service answers. */
export interface SimulatedDelivery {
  deliveryId: string;
  trackingNumber: string;
  estimatedDeliveryDate: string;
  carrier: string;
}

/**
 * The simulated delivery service: schedules every delivery, deduplicated by `Idempotency-Key`
 * (else by order id) like a careful real one.
 */
export class DeliveryServiceSimulator extends Simulator {
  private readonly byKey = new Map<string, SimulatedDelivery>();

  constructor() {
    super('delivery-service');
  }

  /**
   * `POST /deliveries`: `{ deliveryId, trackingNumber, estimatedDeliveryDate, carrier }`, 201,
   * the same one again for a key seen before; faults included.
   */
  async schedule(
    orderId: string,
    idempotencyKey: string | undefined,
  ): Promise<SimulatedResponse> {
    const fault = await this.fault();
    if (fault) return fault;
    const key = idempotencyKey ?? orderId;
    let delivery = this.byKey.get(key);
    if (delivery === undefined) {
      delivery = {
        deliveryId: randomUUID(),
        trackingNumber: `SIM${randomBytes(6).toString('hex').toUpperCase()}`,
        estimatedDeliveryDate: new Date(
          Date.now() + DELIVERY_DAYS * 86_400_000,
        ).toISOString(),
        carrier: 'Simulated Express',
      };
      if (this.byKey.size >= REMEMBERED_DELIVERIES) {
        const oldest = this.byKey.keys().next();
        if (!oldest.done) this.byKey.delete(oldest.value);
      }
      this.byKey.set(key, delivery);
    }
    return { status: 201, body: delivery };
  }

  protected override forget(): void {
    this.byKey.clear();
  }
}
