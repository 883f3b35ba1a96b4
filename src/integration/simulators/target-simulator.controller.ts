import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Res,
  type Type,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import {
  TARGET_SYSTEMS,
  type TargetSystem,
} from '../config/integration.config.js';
import type { SimulatedResponse } from './target.simulator.js';
import type {
  TargetFaults,
  TargetSimulatorView,
} from './target-faults.interface.js';
import { TargetFaultsDto } from './target-faults.dto.js';
import {
  SIMULATED_RESOURCES,
  TargetSimulatorRegistry,
} from './target-simulator.registry.js';

function send(res: Response, answer: SimulatedResponse): void {
  if (answer.drop) {
    res.socket?.destroy();
    return;
  }
  if (answer.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(answer.status).json(answer.body);
}

/**
 * The HTTP face of one simulated target system, under the literal path
 * `/simulators/<system>`: literal so that it never answers for another feature's simulators
 * registered under `/simulators/:name`. Not throttled: the application calls it for every step.
 *
 * - `GET /simulators/<system>`: faults and counts
 * - `PUT /simulators/<system>/faults`: `{ errorRate, status, latencyMs, down }`, each optional
 * - `POST /simulators/<system>/reset`: forget records and counts, clear faults
 * - `POST /simulators/<system>/<resource>`: create a record (honours `Idempotency-Key`)
 * - `DELETE /simulators/<system>/<resource>/:id`: cancel it (idempotent)
 */
export function createTargetSimulatorController(system: TargetSystem): Type {
  const resource = SIMULATED_RESOURCES[system];

  @SkipThrottle()
  @Controller(`simulators/${system}`)
  class TargetSimulatorController {
    constructor(private readonly registry: TargetSimulatorRegistry) {}

    @Get()
    view(): TargetSimulatorView {
      return this.registry.get(system).view();
    }

    @Put('faults')
    faults(@Body() faults: TargetFaultsDto): TargetFaults {
      return this.registry.get(system).setFaults(faults);
    }

    @Post('reset')
    @HttpCode(204)
    reset(): void {
      this.registry.get(system).reset();
    }

    @Post(resource)
    async apply(
      @Body() body: unknown,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Res() res: Response,
    ): Promise<void> {
      send(
        res,
        await this.registry
          .get(system)
          .handle({ operation: 'apply', body, idempotencyKey }),
      );
    }

    @Delete(`${resource}/:id`)
    async undo(
      @Param('id') id: string,
      @Headers('idempotency-key') idempotencyKey: string | undefined,
      @Res() res: Response,
    ): Promise<void> {
      send(
        res,
        await this.registry
          .get(system)
          .handle({ operation: 'undo', id, idempotencyKey }),
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

/** One controller per simulated target system. */
export const TARGET_SIMULATOR_CONTROLLERS: Type[] = TARGET_SYSTEMS.map(
  createTargetSimulatorController,
);
