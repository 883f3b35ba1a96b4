import { Inject, Injectable } from '@nestjs/common';
import { CircuitBreaker, Retry } from '@nest-resilience/resilience';
import axios from 'axios';
import { INVENTORY_URL } from './inventory.constants.js';

/** What the inventory service answers. */
export interface StockLevel {
  stock: number;
}

/** Client of the inventory service, guarded by the `inventory` breaker and retry. */
@Injectable()
export class InventoryClient {
  constructor(@Inject(INVENTORY_URL) private readonly baseUrl: string) {}

  /** @throws CircuitOpenError while the `inventory` circuit is open */
  @CircuitBreaker('inventory')
  @Retry('inventory')
  async stock(): Promise<StockLevel> {
    const { data } = await axios.get<StockLevel>(`${this.baseUrl}/stock`);
    return data;
  }
}
