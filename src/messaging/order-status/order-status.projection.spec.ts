import { DataSource } from 'typeorm';
import { CreateOrderStatusProjection1764000000100 } from '../migrations/create-order-status-projection.migration.js';
import { OrderStatusEntity } from './entities/order-status.entity.js';
import { isOrderEventRefusedError } from './errors/order-event-refused.error.js';
import type { OrderEventType } from './order-event-transitions.constants.js';
import { OrderStatusProjection } from './order-status.projection.js';

describe('OrderStatusProjection', () => {
  let dataSource: DataSource;
  let projection: OrderStatusProjection;

  beforeEach(async () => {
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: ':memory:',
      entities: [OrderStatusEntity],
      migrations: [CreateOrderStatusProjection1764000000100],
      migrationsRun: true,
    });
    await dataSource.initialize();
    projection = new OrderStatusProjection(
      dataSource.getRepository(OrderStatusEntity),
    );
  });
  afterEach(() => dataSource.destroy());

  const apply = (type: OrderEventType, orderId = 'o-1') =>
    dataSource.transaction((manager) =>
      projection.apply(manager, type, { orderId, customerId: 'c-1' }),
    );

  it('follows an order from created to delivered', async () => {
    expect(await apply('ORDER_CREATED')).toBe('PENDING');
    expect(await apply('ORDER_SHIPPED')).toBe('SHIPPED');
    expect(await apply('ORDER_DELIVERED')).toBe('DELIVERED');
    expect(await projection.find('o-1')).toMatchObject({
      status: 'DELIVERED',
      customerId: 'c-1',
      eventsApplied: 3,
      lastEventType: 'ORDER_DELIVERED',
    });
  });

  it('refuses ORDER_SHIPPED after ORDER_CANCELLED and keeps the order cancelled', async () => {
    await apply('ORDER_CREATED');
    await apply('ORDER_CANCELLED');
    const error = await apply('ORDER_SHIPPED').catch((e: unknown) => e);
    expect(isOrderEventRefusedError(error)).toBe(true);
    expect(error).toMatchObject({ problem: 'CONFLICT', current: 'CANCELLED' });
    expect(await projection.find('o-1')).toMatchObject({
      status: 'CANCELLED',
      eventsApplied: 2,
    });
  });

  it('refuses events of an order it does not know, and a second ORDER_CREATED', async () => {
    await expect(apply('ORDER_SHIPPED', 'unknown')).rejects.toMatchObject({
      current: null,
    });
    await apply('ORDER_CREATED');
    await expect(apply('ORDER_CREATED')).rejects.toMatchObject({
      code: 'ORDER_PROJECTION.EVENT_REFUSED',
    });
  });
});
