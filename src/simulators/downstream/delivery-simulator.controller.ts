import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { IsArray, IsObject, IsString } from 'class-validator';
import type { Response } from 'express';
import { sendSimulatedResponse } from '../simulated-response.js';
import { SimulatorRegistry } from '../simulator.registry.js';
import { DeliveryServiceSimulator } from './delivery-service.simulator.js';

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

/**
 * The HTTP face of the simulated delivery service, `POST /simulators/delivery-service/deliveries`.
 * Not throttled: it stands for another service, called for every order.
 */
@Controller('simulators/delivery-service')
@SkipThrottle()
export class DeliverySimulatorController {
  private readonly simulator: DeliveryServiceSimulator;

  constructor(registry: SimulatorRegistry) {
    this.simulator = registry.get('delivery-service', DeliveryServiceSimulator);
  }

  /** `{ deliveryId, trackingNumber, estimatedDeliveryDate, carrier }`, 201. */
  @Post('deliveries')
  async create(
    @Body() body: CreateDeliveryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    sendSimulatedResponse(
      response,
      await this.simulator.schedule(body.orderId, key),
    );
  }
}
