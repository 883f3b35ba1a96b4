import { DeliveryRequestEntity } from './entities/delivery-request.entity.js';
import { OrderEntity } from './entities/order.entity.js';
import { CreateOrdersTablesMigration } from './migrations/create-orders-tables.migration.js';

/** The orders feature's entities, for the application's data source (`DATABASE_ENTITIES`). */
export const ORDERS_ENTITIES: Function[] = [OrderEntity, DeliveryRequestEntity];

/** The orders feature's migrations, for the application's data source (`DATABASE_MIGRATIONS`). */
export const ORDERS_MIGRATIONS: Function[] = [CreateOrdersTablesMigration];
