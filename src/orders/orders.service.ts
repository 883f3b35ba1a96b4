import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  DEFAULT_RESILIENCE_FILTER_OPTIONS,
  RESILIENCE_FILTER_OPTIONS,
  RequestContext,
  type ResilienceFilterOptions,
} from '@nest-resilience/problem-details';
import { isDegraded } from '@nest-resilience/resilience';
import type { ProductAvailability } from './clients/product-availability.interface.js';
import { ProductClient } from './clients/product.client.js';
import { DatabaseFailureTranslator } from './database-failure.translator.js';
import { DeliveryStatus } from './delivery-status.enum.js';
import {
  DELIVERY_ATTEMPT_CLAIM_MS,
  DeliveryScheduler,
} from './delivery/delivery.scheduler.js';
import type { CreateOrderDto } from './dto/create-order.dto.js';
import {
  DeliveryRequestEntity,
  DeliveryRequestState,
  type DeliveryRequestPayload,
} from './entities/delivery-request.entity.js';
import { OrderEntity, type OrderLine } from './entities/order.entity.js';
import { ProductsUnavailableError } from './errors/products-unavailable.error.js';
import { orderEvent } from './order-event.factory.js';
import { presentOrder } from './order.presenter.js';
import { OrderStatus } from './order-status.enum.js';
import type { OrderView } from './order-view.interface.js';
import { OrderCache } from './order.cache.js';
import { OrderStore } from './order.store.js';

/** Time kept back from the request timeout for storing the outcome and answering. */
const ANSWER_MARGIN_MS = 2_000;

/**
 * Creates orders: checks availability (a fallback accepts them for manual review when the
 * product service cannot answer), stores the order, its delivery request and its
 * `ORDER_CREATED` event in one transaction, then requests the delivery, which is queued when
 * the delivery service is unavailable.
 */
@Injectable()
export class OrdersService {
  private readonly requestTimeoutMs: number;

  constructor(
    private readonly products: ProductClient,
    private readonly orders: OrderStore,
    private readonly deliveries: DeliveryScheduler,
    private readonly cache: OrderCache,
    private readonly database: DatabaseFailureTranslator,
    @Inject(RESILIENCE_FILTER_OPTIONS) errors: Partial<ResilienceFilterOptions>,
  ) {
    this.requestTimeoutMs =
      errors.requestTimeoutMs ??
      DEFAULT_RESILIENCE_FILTER_OPTIONS.requestTimeoutMs;
  }

  /**
   * @throws ProductsUnavailableError when the product service says a product cannot be supplied
   * @throws OrderStoreUnavailableError when the database is unavailable
   */
  async create(input: CreateOrderDto): Promise<OrderView> {
    const lines: OrderLine[] = input.products.map(
      ({ productId, quantity }) => ({
        productId,
        quantity,
      }),
    );
    const availability = await this.products.checkAvailability([
      ...new Set(lines.map((line) => line.productId)),
    ]);
    const unavailable = unavailableProducts(lines, availability);
    if (unavailable.length > 0) throw new ProductsUnavailableError(unavailable);

    const now = new Date();
    const order = Object.assign(new OrderEntity(), {
      id: randomUUID(),
      customerId: input.customerId,
      products: lines,
      shippingAddress: {
        street: input.shippingAddress.street,
        city: input.shippingAddress.city,
        state: input.shippingAddress.state,
        zipCode: input.shippingAddress.zipCode,
        country: input.shippingAddress.country,
      },
      status: OrderStatus.PENDING,
      requiresManualReview:
        isDegraded(availability) ||
        availability.some((entry) => entry.requiresManualReview),
      deliveryStatus: DeliveryStatus.REQUESTING,
      deliveryId: null,
      trackingNumber: null,
      carrier: null,
      estimatedDeliveryDate: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    } satisfies OrderEntity);
    const payload: DeliveryRequestPayload = {
      orderId: order.id,
      customerId: order.customerId,
      products: order.products,
      shippingAddress: order.shippingAddress,
    };
    const request = Object.assign(new DeliveryRequestEntity(), {
      orderId: order.id,
      payload,
      state: DeliveryRequestState.PENDING,
      attempts: 0,
      // Claimed by this request's own attempt: the retry job leaves it alone meanwhile.
      nextAttemptAt: new Date(now.getTime() + DELIVERY_ATTEMPT_CLAIM_MS),
      lastErrorCode: null,
      createdAt: now,
      updatedAt: now,
    } satisfies DeliveryRequestEntity);
    await this.database.run(() =>
      this.orders.create(order, request, orderEvent('ORDER_CREATED', order)),
    );

    const { status, confirmation } = await this.deliveries.attemptWithin(
      payload,
      this.timeLeftMs(),
    );
    const view = presentOrder(
      Object.assign(order, { deliveryStatus: status }, confirmation),
    );
    // An attempt still running will change the order soon: caching it now would only go stale.
    if (status !== DeliveryStatus.REQUESTING) await this.cache.put(view);
    return view;
  }

  /** Time this request may still spend on the delivery before it must answer. */
  private timeLeftMs(): number {
    const startedAt = RequestContext.current()?.startedAt ?? Date.now();
    const budgetMs =
      this.requestTimeoutMs > 0
        ? this.requestTimeoutMs
        : DELIVERY_ATTEMPT_CLAIM_MS;
    return startedAt + budgetMs - ANSWER_MARGIN_MS - Date.now();
  }
}

/** Products asked in a larger quantity than the product service says it has. */
function unavailableProducts(
  lines: OrderLine[],
  availability: ProductAvailability[],
): string[] {
  const byId = new Map(availability.map((entry) => [entry.productId, entry]));
  const wanted = new Map<string, number>();
  for (const line of lines) {
    wanted.set(
      line.productId,
      (wanted.get(line.productId) ?? 0) + line.quantity,
    );
  }
  const unavailable: string[] = [];
  for (const [productId, quantity] of wanted) {
    const entry = byId.get(productId);
    // Unknown stock (the fallback) is accepted for manual review.
    const enough =
      entry?.quantity === null || (entry?.quantity ?? 0) >= quantity;
    if (!entry?.available || !enough) unavailable.push(productId);
  }
  return unavailable;
}
