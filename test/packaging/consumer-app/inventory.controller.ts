import { Controller, Get } from '@nestjs/common';
import { InventoryClient, type StockLevel } from './inventory.client.js';

/** `GET /stock`, answered by the guarded inventory client. */
@Controller('stock')
export class InventoryController {
  constructor(private readonly inventory: InventoryClient) {}

  @Get()
  stock(): Promise<StockLevel> {
    return this.inventory.stock();
  }
}
