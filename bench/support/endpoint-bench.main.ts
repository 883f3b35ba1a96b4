// Entry of one server process of endpoint.bench.ts and envelope.bench.ts (forked through
// test/support/ts-child.runner.mjs). Every variant is the same small Nest app on Express, with
// the same modules (ResilienceModule, and ProblemDetailsModule unless the variant is Nest's
// default handling); `ENDPOINT_BENCH_VARIANT`, set by the benchmark and printed in its header,
// chooses what differs:
// - `undecorated`: GET /items/:id calls a provider method with no decorator;
// - `decorated`: the provider method carries @Fallback @Retry @CircuitBreaker (with a timeout),
//   wrapped by the explorer at start;
// - `route`: the route itself carries them, applied by the ResilienceInterceptor;
// - `envelope`: GET /missing throws a classified error answered as problem details, with the
//   request-id middleware the envelope needs;
// - `nest-default`: GET /missing throws NotFoundException, answered by Nest's own handler.
import {
  Controller,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  type Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import {
  ApplicationError,
  CircuitBreaker,
  Fallback,
  loadResilienceSettings,
  ResilienceModule,
  Retry,
} from '@nest-resilience/resilience';
import {
  ProblemDetailsModule,
  requestContextMiddleware,
} from '@nest-resilience/problem-details';
import { serveBench } from './bench-server.js';

/** The variants, as `ENDPOINT_BENCH_VARIANT` names them. */
export type EndpointVariant =
  'undecorated' | 'decorated' | 'route' | 'envelope' | 'nest-default';

/** Timeout of the guarded call, as long as a real one so it never fires. */
const TIMEOUT_MS = 10_000;

const item = (id: string) => ({ id, name: 'item', priceCents: 1_000 });

abstract class Items {
  abstract find(id: string): Promise<ReturnType<typeof item>>;
}

@Injectable()
class PlainItems extends Items {
  async find(id: string) {
    return item(id);
  }
}

@Injectable()
class GuardedItems extends Items {
  @Fallback({ value: item('fallback') })
  @Retry('bench-http')
  @CircuitBreaker('bench-http')
  async find(id: string) {
    return item(id);
  }
}

class ItemMissingError extends ApplicationError {
  readonly code = 'BENCH.ITEM_MISSING';
  readonly problem = 'NOT_FOUND';
}

@Controller()
class ItemsController {
  constructor(private readonly items: Items) {}

  @Get('items/:id')
  find(@Param('id') id: string) {
    return this.items.find(id);
  }

  @Get('missing')
  missing(): never {
    throw new ItemMissingError('Item item-1 does not exist');
  }
}

@Controller()
class RouteGuardedController {
  constructor(private readonly items: Items) {}

  @Get('items/:id')
  @Fallback({ value: item('fallback') })
  @Retry('bench-http')
  @CircuitBreaker('bench-http')
  find(@Param('id') id: string) {
    return this.items.find(id);
  }
}

@Controller()
class NestDefaultController {
  constructor(private readonly items: Items) {}

  @Get('items/:id')
  find(@Param('id') id: string) {
    return this.items.find(id);
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('Item item-1 does not exist');
  }
}

function appModule(variant: EndpointVariant): Type {
  const controller: Type =
    variant === 'route'
      ? RouteGuardedController
      : variant === 'nest-default'
        ? NestDefaultController
        : ItemsController;
  @Module({
    imports: [
      ResilienceModule.forRoot({
        settings: loadResilienceSettings({
          config: {
            services: {
              'bench-http': { circuitBreaker: { timeoutMs: TIMEOUT_MS } },
            },
          },
        }),
      }),
      ...(variant === 'nest-default'
        ? []
        : [ProblemDetailsModule.forRoot({ global: true })]),
    ],
    controllers: [controller],
    providers: [
      {
        provide: Items,
        useClass: variant === 'decorated' ? GuardedItems : PlainItems,
      },
    ],
  })
  class EndpointBenchModule {}
  return EndpointBenchModule;
}

const variant = process.env.ENDPOINT_BENCH_VARIANT as EndpointVariant;
if (
  !['undecorated', 'decorated', 'route', 'envelope', 'nest-default'].includes(
    variant,
  )
)
  throw new Error(`unknown ENDPOINT_BENCH_VARIANT ${variant}`);
const app = await NestFactory.create(appModule(variant), { logger: false });
if (variant === 'envelope') app.use(requestContextMiddleware());
await app.listen(0, '127.0.0.1');
const { port } = app.getHttpServer().address() as AddressInfo;
serveBench({ url: `http://127.0.0.1:${port}` }, () => app.close());
