import {
  Body,
  Controller,
  Delete,
  Headers,
  Param,
  Post,
  Res,
  type Type,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import type { TargetSystem } from '../../integration/config/integration.config.js';
import { sendSimulatedResponse } from '../simulated-response.js';
import { SimulatorRegistry } from '../simulator.registry.js';
import { TargetSimulator } from './target.simulator.js';

/**
 * The HTTP face of one simulated target system's API, under `/simulators/<system>` (its faults
 * and counts are the shared control API's). Not throttled: the application calls it for every
 * step.
 *
 * - `POST /simulators/<system>/<resource>`: create a record (honours `Idempotency-Key`)
 * - `DELETE /simulators/<system>/<resource>/:id`: cancel it (idempotent)
 *
 * @param system the target system
 * @param resource the resource it creates and cancels
 */
export function createTargetSimulatorController(
  system: TargetSystem,
  resource: string,
): Type {
  @SkipThrottle()
  @Controller(`simulators/${system}`)
  class TargetSimulatorController {
    private readonly simulator: TargetSimulator;

    constructor(registry: SimulatorRegistry) {
      this.simulator = registry.get(system, TargetSimulator);
    }

    @Post(resource)
    async apply(
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Res() res: Response,
    ): Promise<void> {
      sendSimulatedResponse(
        res,
        await this.simulator.handle({
          operation: 'apply',
          body,
          idempotencyKey,
        }),
      );
    }

    @Delete(`${resource}/:id`)
    async undo(
      @Param('id') id: string,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Res() res: Response,
    ): Promise<void> {
      sendSimulatedResponse(
        res,
        await this.simulator.handle({ operation: 'undo', id, idempotencyKey }),
      );
    }
  }

  const pascal = system.replace(/(^|-)(\w)/g, (_m, _dash: string, c: string) =>
    c.toUpperCase(),
  );
  Object.defineProperty(TargetSimulatorController, 'name', {
    value: `${pascal}SimulatorController`,
  });
  return TargetSimulatorController;
}
