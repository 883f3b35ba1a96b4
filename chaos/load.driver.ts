import { randomUUID } from 'node:crypto';

/** One answered (or unanswered) request of the load. */
export interface RequestRecord {
  /** `POST /orders`, `GET /orders/:id`, `POST /orders/:id/ship`, ... */
  route: string;
  /** HTTP status, or 0 when no answer came (timeout, connection error). */
  status: number;
  /** The envelope's `code` of an error answer; the client's error name when none came. */
  code?: string;
  /** The envelope's `detail` of a 500, to say what failed. */
  detail?: string;
  /** Epoch milliseconds the request was sent and answered. */
  sentAt: number;
  answeredAt: number;
  /** What a `POST /orders` answer said of the downstream services. */
  requiresManualReview?: boolean;
  deliveryStatus?: string;
}

/** The body of a valid `POST /orders`, for a customer of its own. */
function orderBody(): Record<string, unknown> {
  return {
    customerId: `chaos-${randomUUID().slice(0, 8)}`,
    products: [
      { productId: 'product-1', quantity: 2 },
      { productId: 'product-2', quantity: 1 },
    ],
    shippingAddress: {
      street: '1 Main Street',
      city: 'Springfield',
      state: 'IL',
      zipCode: '62701',
      country: 'US',
    },
  };
}

/** Answers worth one more try with the same `Idempotency-Key`. */
const RETRYABLE = new Set([0, 502, 503, 504]);

/**
 * Drives the application's orders API from `concurrency` clients until `deadline`: each
 * creates an order (with an `Idempotency-Key`, sent once more with the same key after an
 * answer worth retrying), reads it, and then ships it (and delivers it), cancels it, or leaves
 * it pending. Every request is recorded, answered or not.
 */
export async function driveLoad(options: {
  url: string;
  concurrency: number;
  deadline: number;
  timeoutMs: number;
}): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];

  const call = async (
    method: 'GET' | 'POST',
    path: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ record: RequestRecord; json?: Record<string, unknown> }> => {
    const sentAt = Date.now();
    try {
      const init: RequestInit = {
        method,
        headers,
        signal: AbortSignal.timeout(options.timeoutMs),
      };
      if (body !== undefined) {
        init.headers = { ...headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(body);
      }
      const response = await fetch(`${options.url}${path}`, init);
      const text = await response.text();
      const json = parse(text);
      const record: RequestRecord = {
        route,
        status: response.status,
        sentAt,
        answeredAt: Date.now(),
      };
      if (!response.ok) {
        record.code = typeof json?.code === 'string' ? json.code : undefined;
        if (response.status >= 500 && response.status < 502) {
          record.detail = (
            typeof json?.detail === 'string' ? json.detail : text
          ).slice(0, 300);
        }
      } else if (route === 'POST /orders') {
        record.requiresManualReview = json?.requiresManualReview === true;
        record.deliveryStatus = String(json?.deliveryStatus);
      }
      records.push(record);
      return { record, json };
    } catch (error) {
      const record: RequestRecord = {
        route,
        status: 0,
        code: error instanceof Error ? error.name : 'Error',
        sentAt,
        answeredAt: Date.now(),
      };
      records.push(record);
      return { record };
    }
  };

  const client = async () => {
    while (Date.now() < options.deadline) {
      const key = randomUUID();
      const body = orderBody();
      let created = await call('POST', '/orders', 'POST /orders', body, {
        'idempotency-key': key,
      });
      if (RETRYABLE.has(created.record.status)) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        created = await call('POST', '/orders', 'POST /orders', body, {
          'idempotency-key': key,
        });
      }
      const id = created.json?.id;
      if (created.record.status !== 201 || typeof id !== 'string') continue;
      await call('GET', `/orders/${id}`, 'GET /orders/:id');
      const next = Math.random();
      if (next < 0.35) {
        const shipped = await call(
          'POST',
          `/orders/${id}/ship`,
          'POST /orders/:id/ship',
        );
        if (shipped.record.status === 200) {
          await call(
            'POST',
            `/orders/${id}/deliver`,
            'POST /orders/:id/deliver',
          );
        }
      } else if (next < 0.55) {
        await call('POST', `/orders/${id}/cancel`, 'POST /orders/:id/cancel');
      }
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, client));
  return records;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
