import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { CreateOrderDto } from './dto/create-order.dto.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { OrderLifecycleService } from './order-lifecycle.service.js';
import type { OrderView } from './order-view.interface.js';
import { OrdersService } from './orders.service.js';

/**
 * The orders API: `POST /orders` (honours `Idempotency-Key`), `GET /orders/:id`, and
 * `POST /orders/:id/{cancel,ship,deliver}` through the order state machine.
 */
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly lifecycle: OrderLifecycleService,
  ) {}

  /** Creates an order; 201 with the order, its status, review flag and delivery status. */
  @Post()
  @UseInterceptors(IdempotencyInterceptor)
  create(@Body() body: CreateOrderDto): Promise<OrderView> {
    return this.orders.create(body);
  }

  /** The order, from the cache when it holds it. */
  @Get(':id')
  get(@Param('id') id: string): Promise<OrderView> {
    return this.lifecycle.get(id);
  }

  /** Cancels a pending order (409 `CONFLICT` otherwise). */
  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  cancel(@Param('id') id: string): Promise<OrderView> {
    return this.lifecycle.transition(id, 'cancel');
  }

  /** Marks a pending order shipped (409 `CONFLICT` otherwise). */
  @Post(':id/ship')
  @HttpCode(HttpStatus.OK)
  ship(@Param('id') id: string): Promise<OrderView> {
    return this.lifecycle.transition(id, 'ship');
  }

  /** Marks a shipped order delivered (409 `CONFLICT` otherwise). */
  @Post(':id/deliver')
  @HttpCode(HttpStatus.OK)
  deliver(@Param('id') id: string): Promise<OrderView> {
    return this.lifecycle.transition(id, 'deliver');
  }
}
