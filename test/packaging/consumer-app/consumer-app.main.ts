import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DeadLetterModule } from '@nest-resilience/dead-letters';
import { ResilientMessagingModule } from '@nest-resilience/messaging';
import {
  CircuitOpenError,
  isCircuitOpenError,
} from '@nest-resilience/resilience';
import { StubHttpServer } from '@nest-resilience/resilience/testing';
import { WorkflowsModule } from '@nest-resilience/workflows';
import { ConsumerAppModule } from './consumer-app.module.js';
import { InventoryClient } from './inventory.client.js';

// Runs the consumer app against a stubbed inventory service and writes what it observed as one
// line of JSON on stdout, for the packaging test to assert on.

interface Answer {
  status: number;
  contentType: string | null;
  body: unknown;
}

async function get(url: string): Promise<Answer> {
  const response = await fetch(url);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as unknown,
  };
}

const inventory = await StubHttpServer.start();
const app = await NestFactory.create(
  ConsumerAppModule.forInventory(inventory.url),
  {
    logger: false,
  },
);
try {
  await app.listen(0, '127.0.0.1');
  const stockUrl = `${await app.getUrl()}/stock`;
  const calls = () => inventory.count('GET', '/stock');

  inventory
    .on('GET', '/stock')
    .replyOnce({ status: 503 })
    .reply({ body: { stock: 7 } });
  const recovered = await get(stockUrl);
  const callsToRecover = calls();

  inventory.on('GET', '/stock').reply({ status: 503 });
  const failing = await get(stockUrl);
  const callsWhileFailing = calls() - callsToRecover;

  const open = await get(stockUrl);
  const direct = await app
    .get(InventoryClient)
    .stock()
    .then(
      () => ({
        rejected: false,
        circuitOpen: false,
        instanceOfCircuitOpenError: false,
      }),
      (error: unknown) => ({
        rejected: true,
        circuitOpen: isCircuitOpenError(error),
        instanceOfCircuitOpenError: error instanceof CircuitOpenError,
      }),
    );
  const callsWhileOpen = calls() - callsToRecover - callsWhileFailing;

  process.stdout.write(
    `${JSON.stringify({
      resolvedFrom: import.meta.resolve('@nest-resilience/resilience'),
      recovered,
      callsToRecover,
      failing,
      callsWhileFailing,
      open,
      direct,
      callsWhileOpen,
      siblings: [
        DeadLetterModule.name,
        ResilientMessagingModule.name,
        WorkflowsModule.name,
      ],
    })}\n`,
  );
} finally {
  await app.close();
  await inventory.close();
}
