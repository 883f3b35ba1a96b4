import { Module } from '@nestjs/common';
import { DeliverySimulatorController } from './delivery-simulator.controller.js';
import { ProductSimulatorController } from './product-simulator.controller.js';
import { SimulatorRegistry } from './simulator.registry.js';
import { SimulatorsController } from './simulators.controller.js';

/**
 * Simulated product and delivery services, served by the application itself under
 * `/simulators/<name>`, with a control API to make them slow, failing or down. The orders
 * clients call them over real HTTP when `PRODUCT_SERVICE_URL` / `DELIVERY_SERVICE_URL` are
 * unset, so breakers, retries and fallbacks can be watched without any other service.
 */
@Module({
  controllers: [
    SimulatorsController,
    ProductSimulatorController,
    DeliverySimulatorController,
  ],
  providers: [SimulatorRegistry],
  exports: [SimulatorRegistry],
})
export class SimulatorsModule {}
