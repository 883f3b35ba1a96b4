import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  Param,
  Post,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import type { Response } from 'express';
import {
  BulkheadFullError,
  CircuitOpenError,
} from '@nest-resilience/resilience';
import {
  forwardRequestId,
  RequestContext,
} from '@nest-resilience/problem-details';
import { CreateOrderDto } from './envelope-test.dto.js';
import {
  databaseDownError,
  IdempotencyKeyReusedError,
  InvalidOrderTransitionError,
  OrderNotFoundError,
} from './envelope-test.errors.js';

/** Where the test app's outbound calls go. */
export const UPSTREAM_URLS = Symbol('UPSTREAM_URLS');

/** Base URLs of the loopback stub and of a port nobody listens on. */
export interface UpstreamUrls {
  stub: string;
  closed: string;
}

/** Lets a test decide what `GET /throw` throws. */
export class ThrowBox {
  next: unknown = new Error('unset');
}

/** HTTP routes that fail in every way the contract's code table lists. */
@Controller()
export class EnvelopeHttpController {
  private readonly logger = new Logger(EnvelopeHttpController.name);
  private readonly http: AxiosInstance = axios.create();

  constructor(
    @Inject(UPSTREAM_URLS) private readonly upstream: UpstreamUrls,
    private readonly box: ThrowBox,
  ) {
    forwardRequestId(this.http);
  }

  @Post('orders')
  @HttpCode(201)
  createOrder(@Body() order: CreateOrderDto) {
    return { id: `order-of-${order.customerId}`, status: 'PENDING' };
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: unknown) {
    return { kind: typeof body };
  }

  @Get('context')
  async context() {
    this.logger.log('handling /context');
    await this.http.get(`${this.upstream.stub}/echo`);
    return { requestId: RequestContext.requestId() };
  }

  @Get('throw')
  throwChosen() {
    throw this.box.next;
  }

  @Get('slow')
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return { done: true };
  }

  @Get('errors/rate-limited')
  rateLimited(@Res({ passthrough: true }) res: Response) {
    // As @nestjs/throttler does: the guard sets Retry-After, then throws a 429.
    res.setHeader('Retry-After', '42');
    throw new HttpException('Too many requests from this client.', 429);
  }

  @Get('errors/:kind')
  async fail(@Param('kind') kind: string): Promise<never> {
    switch (kind) {
      case 'unauthenticated':
        throw new UnauthorizedException('A bearer token is required.');
      case 'forbidden':
        throw new ForbiddenException('Read-only tokens cannot act.');
      case 'not-found':
        throw new OrderNotFoundError('42');
      case 'conflict':
        throw new InvalidOrderTransitionError();
      case 'idempotency':
        throw new IdempotencyKeyReusedError();
      case 'internal':
        throw new Error(
          'secret /etc/passwd SELECT * FROM users WHERE password = $1',
        );
      case 'circuit-open':
        throw new CircuitOpenError('product-service', 2_500);
      case 'bulkhead-full':
        throw new BulkheadFullError('delivery-service', 4, 0);
      case 'dependency-unavailable':
        throw databaseDownError();
      case 'upstream-rate-limited':
        return this.call(`${this.upstream.stub}/rate-limited`);
      case 'upstream-error':
        return this.call(`${this.upstream.stub}/boom`);
      case 'upstream-unavailable':
        return this.call(`${this.upstream.closed}/anything`);
      case 'upstream-timeout':
        return this.call(`${this.upstream.stub}/slow`, 100);
      default:
        throw new OrderNotFoundError(kind);
    }
  }

  private async call(url: string, timeout?: number): Promise<never> {
    await this.http.get(url, { timeout });
    throw new Error('the stub was expected to fail');
  }
}
