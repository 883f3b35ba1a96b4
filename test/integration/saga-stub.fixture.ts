import request from 'supertest';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { CheckpointStore, type Checkpoint } from '@nest-resilience/workflows';
import type { TargetSystem } from '../../src/integration/config/integration.config.js';
import {
  startIntegrationApp,
  type IntegrationTestApp,
  type TestSchema,
} from './integration-test.app.js';
import { waitForFinished } from './integration.fixtures.js';
import { TEST_TARGET_SERVICES } from './integration-test.settings.js';

/** The order-fulfilment saga against one stub serving its three target systems. */
export interface SagaFixture {
  stub: StubHttpServer;
  t: IntegrationTestApp;
  /** Scripts the happy answers: reservation `res-1`, payment `pay-1`, both undoable. */
  script(): void;
  /** Requests the stub got, `METHOD /path`, in order. */
  sent(): string[];
  /** `ACTION step OUTCOME [STRATEGY]` lines of `GET /integration/messages/:id`. */
  history(id: string): Promise<string[]>;
  finished(id: string): Promise<Checkpoint>;
  close(): Promise<void>;
}

/**
 * Starts a stub for the inventory, payment and shipping services and an engine using it, with
 * one message-level retry (a passing failure reaches the dead letter queue quickly) and breakers
 * that stay closed (the tests fail targets on purpose, over and over).
 */
export async function startSagaFixture(
  schema: TestSchema,
): Promise<SagaFixture> {
  const stub = await StubHttpServer.start();
  const systems: TargetSystem[] = [
    'inventory-service',
    'payment-service',
    'shipping-service',
  ];
  const t = await startIntegrationApp(schema, {
    targets: {
      'inventory-service': `${stub.url}/inventory`,
      'payment-service': `${stub.url}/payment`,
      'shipping-service': `${stub.url}/shipping`,
    },
    config: { maxRetries: 1 },
    services: Object.fromEntries(
      systems.map((name) => [
        name,
        {
          ...TEST_TARGET_SERVICES[name],
          circuitBreaker: {
            timeoutMs: 2000,
            failureThreshold: 0,
            volumeThreshold: 1000,
          },
        },
      ]),
    ),
  });
  return {
    stub,
    t,
    script: () => {
      stub
        .on('POST', '/inventory/reservations')
        .reply({ status: 201, body: { id: 'res-1' } });
      stub
        .on('POST', '/payment/payments')
        .reply({ status: 201, body: { id: 'pay-1' } });
      stub
        .on('DELETE', '/inventory/reservations/res-1')
        .reply({ status: 200, body: { cancelled: true } });
      stub
        .on('DELETE', '/payment/payments/pay-1')
        .reply({ status: 200, body: { cancelled: true } });
    },
    sent: () => stub.requests().map((r) => `${r.method} ${r.path}`),
    history: async (id) =>
      (
        await request(t.url).get(`/integration/messages/${id}`).expect(200)
      ).body.steps.map(
        (s: {
          action: string;
          step: string;
          outcome: string;
          strategy?: string;
        }) =>
          `${s.action} ${s.step} ${s.outcome}${s.strategy ? ` ${s.strategy}` : ''}`,
      ),
    finished: (id) => waitForFinished(t.get(CheckpointStore), id),
    close: async () => {
      await t.close();
      await stub.close();
    },
  };
}
