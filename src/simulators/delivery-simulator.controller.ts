import { randomBytes, randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Headers,
  HttpStatus,
  Post,
  Res,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { IsArray, IsObject, IsString } from 'class-validator';
import type { Response } from 'express';
import { SimulatorRegistry } from './simulator.registry.js';

/** Deliveries remembered per `Idempotency-Key`, so a retried request gets the same one. */
const REMEMBERED_DELIVERIES = 10_000;
/** Days from now the simulated carrier promises. */
const DELIVERY_DAYS = 3;

/** Body of the simulated `POST /deliveries`. */
export class CreateDeliveryDto {
  @IsString()
  orderId: string;

  @IsString()
  customerId: string;

  @IsArray()
  products: unknown[];

  @IsObject()
  shippingAddress: Record<string, unknown>;
}

/** What the simulated delivery service answers. */
interface SimulatedDelivery {
  deliveryId: string;
  trackingNumber: string;
  estimatedDeliveryDate: string;
  carrier: string;
}

/**
 * The simulated delivery service, `POST /simulators/delivery-service/deliveries`: schedules
 * every delivery, deduplicated by `Idempotency-Key` like a careful real one. Shows the faults
 * set through the control API.
 */
@Controller('simulators/delivery-service')
@SkipThrottle()
export class DeliverySimulatorController {
  private readonly byKey = new Map<string, SimulatedDelivery>();

  constructor(private readonly registry: SimulatorRegistry) {}

  /** `{ deliveryId, trackingNumber, estimatedDeliveryDate, carrier }`, 201. */
  @Post('deliveries')
  async create(
    @Body() body: CreateDeliveryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (await this.registry.inject('delivery-service', response)) return;
    const dedupKey = key ?? body.orderId;
    let delivery = this.byKey.get(dedupKey);
    if (delivery === undefined) {
      delivery = {
        deliveryId: randomUUID(),
        trackingNumber: `SIM${randomBytes(6).toString('hex').toUpperCase()}`,
        estimatedDeliveryDate: new Date(
          Date.now() + DELIVERY_DAYS * 86_400_000,
        ).toISOString(),
        carrier: 'Simulated Express',
      };
      if (this.byKey.size >= REMEMBERED_DELIVERIES) {
        const oldest = this.byKey.keys().next();
        if (!oldest.done) this.byKey.delete(oldest.value);
      }
      this.byKey.set(dedupKey, delivery);
    }
    response.status(HttpStatus.CREATED).json(delivery);
  }
}
