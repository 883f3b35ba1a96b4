import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Fallback } from '@nest-resilience/resilience';
import { KeyValueStore } from '../cache/key-value.store.js';
import { ordersConfig, type OrdersConfig } from './orders.config.js';
import type { OrderView } from './order-view.interface.js';

/** Orders whose stale cache entry could not be removed, remembered at most. */
const MAX_PENDING_INVALIDATIONS = 10_000;

/**
 * Orders read recently, in the shared {@link KeyValueStore}, for `GET /orders/:id`.
 *
 * Fails open: while the store is unreachable a read is a miss (the database answers) and a
 * write is skipped. A write that could not replace an entry leaves it stale, so the order is
 * remembered and its entry removed before it is served again; entries also expire after
 * `cacheTtlMs`, which bounds staleness for other instances.
 */
@Injectable()
export class OrderCache implements OnModuleDestroy {
  private readonly pendingInvalidations = new Set<string>();

  constructor(
    private readonly store: KeyValueStore,
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
  ) {}

  /**
   * At shutdown, removes the entries still known to be stale, while the store and its breaker
   * are still open, so other instances do not serve them until they expire.
   */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      [...this.pendingInvalidations].map((id) => this.forget(id)),
    );
  }

  /** The cached order, or `undefined` on a miss or while the store is unavailable. */
  @Fallback({ value: undefined })
  async get(id: string): Promise<OrderView | undefined> {
    if (this.pendingInvalidations.has(id)) {
      await this.store.delete(key(id));
      this.pendingInvalidations.delete(id);
      return undefined;
    }
    const cached = await this.store.get(key(id));
    return cached === undefined ? undefined : (JSON.parse(cached) as OrderView);
  }

  /** Caches `order`, replacing its previous entry. */
  @Fallback({ method: 'invalidateLater' })
  async put(order: OrderView): Promise<void> {
    await this.store.set(
      key(order.id),
      JSON.stringify(order),
      this.config.cacheTtlMs,
    );
    this.pendingInvalidations.delete(order.id);
  }

  /** Removes the entry of `id`, which changed in the database. */
  @Fallback({ method: 'invalidateLater' })
  async forget(id: string): Promise<void> {
    await this.store.delete(key(id));
    this.pendingInvalidations.delete(id);
  }

  /** The fallback of {@link put} and {@link forget}: remove the entry before serving it again. */
  invalidateLater(orderOrId: OrderView | string): void {
    const id = typeof orderOrId === 'string' ? orderOrId : orderOrId.id;
    if (this.pendingInvalidations.size >= MAX_PENDING_INVALIDATIONS) {
      // Beyond the bound the oldest is dropped; its entry expires with its TTL at the latest.
      const oldest = this.pendingInvalidations.values().next();
      if (!oldest.done) this.pendingInvalidations.delete(oldest.value);
    }
    this.pendingInvalidations.add(id);
  }
}

function key(id: string): string {
  return `order:${id}`;
}
