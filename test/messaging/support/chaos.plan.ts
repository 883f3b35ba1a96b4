/** What a planned message is meant to do, and therefore where it must end up. */
export type ChaosKind =
  | 'ok'
  | 'flaky'
  | 'exhausted'
  | 'malformed'
  | 'invalid'
  | 'unknown-pattern'
  | 'refused';

/** One message of the chaos run. */
export interface ChaosMessage {
  kind: ChaosKind;
  /** Raw messages bypass the outbox (a body no publisher of ours would write). */
  raw: boolean;
  type: string;
  groupKey: string;
  payload: unknown;
}

/** Kinds that must be dead-lettered without ever being applied. */
export const POISON_KINDS: ReadonlySet<ChaosKind> = new Set([
  'malformed',
  'invalid',
  'unknown-pattern',
  'refused',
]);

/** A seeded generator (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The run's messages, interleaved the way concurrent orders interleave: 3 % poison (malformed
 * bodies, schema-invalid payloads, unknown patterns, `ORDER_SHIPPED` after `ORDER_CANCELLED`)
 * and 10 % failing transiently (a few of them on every attempt the consumer allows, nine: three
 * deliveries of three, only on an order's last event, so nothing behind them is refused in
 * consequence).
 */
export function planChaos(total: number, random: () => number): ChaosMessage[] {
  const poison = Math.round(total * 0.03);
  const malformed = Math.round(poison / 3);
  const invalid = Math.round(poison / 6);
  const unknown = Math.round(poison / 6);
  const refusedOrders = poison - malformed - invalid - unknown;
  const orders: ChaosMessage[][] = [];
  for (let i = 0; i < malformed; i++) {
    orders.push([
      {
        kind: 'malformed',
        raw: true,
        type: 'chaos.ORDER_CREATED',
        groupKey: `malformed-${i}`,
        payload: null,
      },
    ]);
  }
  for (let i = 0; i < invalid; i++) {
    orders.push([
      {
        kind: 'invalid',
        raw: false,
        type: 'chaos.ORDER_CREATED',
        groupKey: `invalid-${i}`,
        payload: { customerId: 42 },
      },
    ]);
  }
  for (let i = 0; i < unknown; i++) {
    const orderId = `unknown-${i}`;
    orders.push([
      {
        kind: 'unknown-pattern',
        raw: false,
        type: 'chaos.ORDER_LOST',
        groupKey: orderId,
        payload: { orderId },
      },
    ]);
  }
  for (let i = 0; i < refusedOrders; i++) {
    const orderId = `refused-${i}`;
    orders.push(
      ['ORDER_CREATED', 'ORDER_CANCELLED', 'ORDER_SHIPPED'].map(
        (type, step) => ({
          kind: step === 2 ? ('refused' as const) : ('ok' as const),
          raw: false,
          type: `chaos.${type}`,
          groupKey: orderId,
          payload: { orderId },
        }),
      ),
    );
  }
  let remaining = total - orders.reduce((n, order) => n + order.length, 0);
  for (let i = 0; remaining > 0; i++) {
    const types =
      remaining === 2
        ? ['ORDER_CREATED', 'ORDER_CANCELLED']
        : ['ORDER_CREATED', 'ORDER_SHIPPED', 'ORDER_DELIVERED'];
    const orderId = `order-${i}`;
    orders.push(
      types.map((type) => ({
        kind: 'ok',
        raw: false,
        type: `chaos.${type}`,
        groupKey: orderId,
        payload: { orderId },
      })),
    );
    remaining -= types.length;
  }
  injectTransientFaults(orders, Math.round(total * 0.1), random);
  return interleave(orders, random);
}

function injectTransientFaults(
  orders: ChaosMessage[][],
  count: number,
  random: () => number,
): void {
  const candidates = orders.flat().filter((m) => m.kind === 'ok');
  const exhaustedTarget = Math.round(count / 20);
  let exhausted = 0;
  let injected = 0;
  while (injected < count) {
    const message = candidates[Math.floor(random() * candidates.length)];
    if (message.kind !== 'ok' || message.groupKey.startsWith('refused-'))
      continue;
    const last = message.type === 'chaos.ORDER_DELIVERED';
    if (last && exhausted < exhaustedTarget) {
      message.kind = 'exhausted';
      message.payload = { ...(message.payload as object), failUntilAttempt: 9 };
      exhausted++;
    } else {
      message.kind = 'flaky';
      message.payload = {
        ...(message.payload as object),
        failUntilAttempt: 1 + Math.floor(random() * 2),
      };
    }
    injected++;
  }
}

/** Orders progress side by side: each step takes the next event of a random open order. */
function interleave(
  orders: ChaosMessage[][],
  random: () => number,
): ChaosMessage[] {
  const open = orders.map((events) => [...events]);
  const result: ChaosMessage[] = [];
  const window: ChaosMessage[][] = [];
  while (open.length > 0 || window.length > 0) {
    while (window.length < 200 && open.length > 0) {
      window.push(open.splice(Math.floor(random() * open.length), 1)[0]);
    }
    const index = Math.floor(random() * window.length);
    result.push(window[index].shift()!);
    if (window[index].length === 0) window.splice(index, 1);
  }
  return result;
}
