import { type DynamicModule, Module } from '@nestjs/common';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import {
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { InventoryClient } from './inventory.client.js';
import { INVENTORY_URL } from './inventory.constants.js';
import { InventoryController } from './inventory.controller.js';

/** A Nest app that uses the libraries as a user would: from their installed packages. */
@Module({})
export class ConsumerAppModule {
  /**
   * The app, calling the inventory service at `inventoryUrl`, with the settings of
   * `resilience.yaml` in the working directory.
   */
  static forInventory(inventoryUrl: string): DynamicModule {
    return {
      module: ConsumerAppModule,
      imports: [
        ResilienceModule.forRoot({
          settings: loadResilienceSettings({ file: 'resilience.yaml' }),
        }),
        ProblemDetailsModule.forRoot({ global: true }),
      ],
      controllers: [InventoryController],
      providers: [
        InventoryClient,
        { provide: INVENTORY_URL, useValue: inventoryUrl },
      ],
    };
  }
}
