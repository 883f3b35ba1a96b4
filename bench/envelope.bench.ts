import { Controller, Get, Module, NotFoundException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ApplicationError,
  loadResilienceSettings,
  ResilienceModule,
} from '@nest-resilience/resilience';
import { ProblemDetailsModule } from '@nest-resilience/problem-details';
import { configureApp } from '../src/configure-app.js';
import { heading, report } from './bench.util.js';
import { requestsPerSecond } from './http.util.js';

class ItemMissingError extends ApplicationError {
  readonly code = 'BENCH.ITEM_MISSING';
  readonly problem = 'NOT_FOUND';
}

@Controller()
class EnvelopeController {
  @Get('ok')
  ok() {
    return { id: 'item-1', status: 'ok' };
  }

  @Get('classified')
  classified(): never {
    throw new ItemMissingError('Item item-1 does not exist');
  }

  @Get('default')
  nestDefault(): never {
    throw new NotFoundException('Item item-1 does not exist');
  }
}

@Module({
  imports: [
    ResilienceModule.forRoot({ settings: loadResilienceSettings() }),
    ProblemDetailsModule.forRoot({ global: true }),
  ],
  controllers: [EnvelopeController],
})
class WithEnvelope {}

@Module({ controllers: [EnvelopeController] })
class NestDefaults {}

it('measures requests per second of the error envelope', async () => {
  const withEnvelope = await NestFactory.create(WithEnvelope, {
    logger: false,
  });
  configureApp(withEnvelope);
  await withEnvelope.listen(0, '127.0.0.1');
  const plain = await NestFactory.create(NestDefaults, { logger: false });
  await plain.listen(0, '127.0.0.1');

  // Warm both up so neither pays for JIT compilation in its measured run.
  const errors = { errorsExpected: true };
  await requestsPerSecond(withEnvelope, '/classified', {
    ...errors,
    durationS: 2,
  });
  await requestsPerSecond(plain, '/default', { ...errors, durationS: 2 });

  const okRps = await requestsPerSecond(withEnvelope, '/ok');
  const classifiedRps = await requestsPerSecond(
    withEnvelope,
    '/classified',
    errors,
  );
  const defaultRps = await requestsPerSecond(plain, '/default', errors);

  heading(
    'Error envelope, requests/s (autocannon, 32 connections, 5 s, loopback)',
  );
  report('endpoint returning normally (full app stack)', okRps, 'req/s');
  report('endpoint throwing a classified error', classifiedRps, 'req/s', {
    to: 'returning normally',
    value: classifiedRps / okRps,
  });
  report("Nest's default exception handling", defaultRps, 'req/s');
  report('classified error vs Nest default', classifiedRps / defaultRps, 'x');

  await withEnvelope.close();
  await plain.close();
}, 120_000);
