import type { SimulatorGroup } from '../simulator-group.interface.js';
import { DeliveryServiceSimulator } from './delivery-service.simulator.js';
import { DeliverySimulatorController } from './delivery-simulator.controller.js';
import { ProductServiceSimulator } from './product-service.simulator.js';
import { ProductSimulatorController } from './product-simulator.controller.js';

/** The product and delivery services the orders call, simulated. */
export const DOWNSTREAM_SIMULATORS: SimulatorGroup = {
  create: () => [new ProductServiceSimulator(), new DeliveryServiceSimulator()],
  controllers: [ProductSimulatorController, DeliverySimulatorController],
};
