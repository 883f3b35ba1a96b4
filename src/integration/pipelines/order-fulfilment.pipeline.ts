import {
  StepPipeline,
  type PipelineDefinition,
  type PipelineStep,
  type StepInput,
} from '@nest-resilience/workflows';
import { InventoryClient } from '../clients/inventory.client.js';
import { PaymentClient } from '../clients/payment.client.js';
import { ShippingClient } from '../clients/shipping.client.js';
import type { TargetRecord } from '../clients/target-record.interface.js';
import { PayloadChecker } from './payload.checker.js';

/** Payload of an `order-fulfilment` message. */
export interface OrderFulfilment {
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number }[];
  amount: { value: number; currency: string };
  address: { street: string; city: string; country: string };
}

/**
 * `order-fulfilment` (the seed's compensating transaction): validate, reserve inventory, take
 * payment, schedule shipping. A step that fails for good has the completed ones undone latest
 * first: the payment refunded, then the reservation released.
 */
@StepPipeline()
export class OrderFulfilmentPipeline implements PipelineDefinition<OrderFulfilment> {
  readonly type = 'order-fulfilment';
  readonly steps: readonly PipelineStep<OrderFulfilment>[];

  constructor(
    private readonly inventory: InventoryClient,
    private readonly payments: PaymentClient,
    private readonly shipping: ShippingClient,
  ) {
    const id = (output: unknown) => (output as TargetRecord).id;
    this.steps = [
      { name: 'validate', run: (input) => this.validate(input) },
      {
        name: 'reserve-inventory',
        system: 'inventory-service',
        run: (input) =>
          this.inventory.reserve(input.payload.items, input.idempotencyKey),
        compensate: (input, output) =>
          this.inventory.release(id(output), input.idempotencyKey),
      },
      {
        name: 'take-payment',
        system: 'payment-service',
        run: (input) =>
          this.payments.charge(
            {
              orderId: input.payload.orderId,
              customerId: input.payload.customerId,
              amount: input.payload.amount,
            },
            input.idempotencyKey,
          ),
        compensate: (input, output) =>
          this.payments.refund(id(output), input.idempotencyKey),
      },
      {
        name: 'schedule-shipping',
        system: 'shipping-service',
        run: (input) =>
          this.shipping.schedule(
            {
              orderId: input.payload.orderId,
              items: input.payload.items,
              address: input.payload.address,
            },
            input.idempotencyKey,
          ),
        compensate: (input, output) =>
          this.shipping.cancel(id(output), input.idempotencyKey),
      },
    ];
  }

  /** Checks the payload's shape. @throws InvalidMessagePayloadError */
  validate(input: StepInput<OrderFulfilment>): Promise<{ items: number }> {
    const p = input.payload;
    new PayloadChecker(this.type)
      .text(p, '/orderId')
      .text(p, '/customerId')
      .list(p, '/items', (check, item) =>
        check.text(p, `${item}/sku`).positive(p, `${item}/quantity`),
      )
      .positive(p, '/amount/value')
      .text(p, '/amount/currency')
      .text(p, '/address/street')
      .text(p, '/address/city')
      .text(p, '/address/country')
      .done();
    return Promise.resolve({ items: p.items.length });
  }
}
