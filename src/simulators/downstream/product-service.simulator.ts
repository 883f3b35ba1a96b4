import type { SimulatedResponse } from '../simulated-response.js';
import { Simulator } from '../simulator.js';

/** Products whose id starts with this are out of stock in the simulated catalogue. */
export const OUT_OF_STOCK_PREFIX = 'out-of-stock';
/** Units in stock of every other product. */
export const SIMULATED_STOCK = 1_000;

/**
 * The simulated product service: every product is available with {@link SIMULATED_STOCK}
 * units, except those whose id starts with {@link OUT_OF_STOCK_PREFIX}.
 */
export class ProductServiceSimulator extends Simulator {
  constructor() {
    super('product-service');
  }

  /** `POST /check-availability`: `[{ productId, available, quantity }]` for the ids asked, faults included. */
  async checkAvailability(productIds: string[]): Promise<SimulatedResponse> {
    const fault = await this.fault();
    if (fault) return fault;
    return {
      status: 200,
      body: productIds.map((productId) => {
        const inStock = !productId.startsWith(OUT_OF_STOCK_PREFIX);
        return {
          productId,
          available: inStock,
          quantity: inStock ? SIMULATED_STOCK : 0,
        };
      }),
    };
  }
}
