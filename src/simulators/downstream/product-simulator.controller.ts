import { Body, Controller, Post, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import type { Response } from 'express';
import { sendSimulatedResponse } from '../simulated-response.js';
import { SimulatorRegistry } from '../simulator.registry.js';
import { ProductServiceSimulator } from './product-service.simulator.js';

/** Body of the simulated `POST /check-availability`. */
export class CheckAvailabilityDto {
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  productIds: string[];
}

/**
 * The HTTP face of the simulated product service,
 * `POST /simulators/product-service/check-availability`. Not throttled: it stands for another
 * service, called for every order.
 */
@Controller('simulators/product-service')
@SkipThrottle()
export class ProductSimulatorController {
  private readonly simulator: ProductServiceSimulator;

  constructor(registry: SimulatorRegistry) {
    this.simulator = registry.get('product-service', ProductServiceSimulator);
  }

  /** `[{ productId, available, quantity }]` for the ids asked. */
  @Post('check-availability')
  async checkAvailability(
    @Body() body: CheckAvailabilityDto,
    @Res() response: Response,
  ): Promise<void> {
    sendSimulatedResponse(
      response,
      await this.simulator.checkAvailability(body.productIds),
    );
  }
}
