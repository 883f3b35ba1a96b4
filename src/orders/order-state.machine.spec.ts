import { ORDER_ACTIONS, OrderStateMachine } from './order-state.machine.js';
import { OrderStatus } from './order-status.enum.js';

describe('OrderStateMachine', () => {
  it.each([
    [OrderStatus.PENDING, 'ship', OrderStatus.SHIPPED],
    [OrderStatus.PENDING, 'cancel', OrderStatus.CANCELLED],
    [OrderStatus.SHIPPED, 'deliver', OrderStatus.DELIVERED],
  ] as const)('allows %s -%s-> %s', (from, action, to) => {
    expect(OrderStateMachine.next(from, action)).toBe(to);
  });

  it('refuses every other move, and final statuses allow nothing', () => {
    const allowed = new Set([
      'PENDING:ship',
      'PENDING:cancel',
      'SHIPPED:deliver',
    ]);
    for (const status of Object.values(OrderStatus)) {
      for (const action of ORDER_ACTIONS) {
        const next = OrderStateMachine.next(status, action);
        expect(next !== undefined).toBe(allowed.has(`${status}:${action}`));
      }
    }
    expect(OrderStateMachine.allowedActions(OrderStatus.DELIVERED)).toEqual([]);
    expect(OrderStateMachine.allowedActions(OrderStatus.CANCELLED)).toEqual([]);
    expect(OrderStateMachine.allowedActions(OrderStatus.PENDING)).toEqual([
      'ship',
      'cancel',
    ]);
  });
});
