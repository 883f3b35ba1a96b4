import { Body, Controller, HttpStatus, Post, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';
import type { Response } from 'express';
import { SimulatorRegistry } from './simulator.registry.js';

/** Products whose id starts with this are out of stock in the simulated catalogue. */
export const OUT_OF_STOCK_PREFIX = 'out-of-stock';
/** Units in stock of every other product. */
export const SIMULATED_STOCK = 1_000;

/** Body of the simulated `POST /check-availability`. */
export class CheckAvailabilityDto {
  @IsArray()
  @ArrayMaxSize(1_000)
  @IsString({ each: true })
  productIds: string[];
}

/**
 * The simulated product service, `POST /simulators/product-service/check-availability`:
 * every product is available with {@link SIMULATED_STOCK} units, except those whose id starts
 * with {@link OUT_OF_STOCK_PREFIX}. Shows the faults set through the control API.
 */
@Controller('simulators/product-service')
@SkipThrottle()
export class ProductSimulatorController {
  constructor(private readonly registry: SimulatorRegistry) {}

  /** `[{ productId, available, quantity }]` for the ids asked. */
  @Post('check-availability')
  async checkAvailability(
    @Body() body: CheckAvailabilityDto,
    @Res() response: Response,
  ): Promise<void> {
    if (await this.registry.inject('product-service', response)) return;
    response.status(HttpStatus.OK).json(
      body.productIds.map((productId) => {
        const inStock = !productId.startsWith(OUT_OF_STOCK_PREFIX);
        return {
          productId,
          available: inStock,
          quantity: inStock ? SIMULATED_STOCK : 0,
        };
      }),
    );
  }
}
