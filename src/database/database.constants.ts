import {
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
} from '@nest-resilience/dead-letters';
import {
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
} from '@nest-resilience/messaging';
import {
  WORKFLOW_ENTITIES,
  WORKFLOW_MIGRATIONS,
} from '@nest-resilience/workflows';
import {
  ADMIN_ENTITIES,
  ADMIN_MIGRATIONS,
} from '../admin/admin-database.constants.js';
import { OrderStatusEntity } from '../messaging/order-status/entities/order-status.entity.js';
import { CreateOrderStatusProjection1764000000100 } from '../messaging/migrations/create-order-status-projection.migration.js';
import {
  ORDERS_ENTITIES,
  ORDERS_MIGRATIONS,
} from '../orders/orders-database.constants.js';

/**
 * Every entity of the application's database. Imported as classes, not found by glob, because
 * the application is bundled.
 */
export const DATABASE_ENTITIES: Function[] = [
  ...ADMIN_ENTITIES,
  ...DEAD_LETTER_ENTITIES,
  ...MESSAGING_ENTITIES,
  ...ORDERS_ENTITIES,
  OrderStatusEntity,
  ...WORKFLOW_ENTITIES,
];

/** Every migration, run at start; tables are never created by `synchronize`. */
export const DATABASE_MIGRATIONS: Function[] = [
  ...ADMIN_MIGRATIONS,
  ...DEAD_LETTER_MIGRATIONS,
  ...MESSAGING_MIGRATIONS,
  ...ORDERS_MIGRATIONS,
  CreateOrderStatusProjection1764000000100,
  ...WORKFLOW_MIGRATIONS,
];
