import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { SimulatorFaultsDto } from './dto/simulator-faults.dto.js';
import type { SimulatorView } from './simulator-faults.interface.js';
import { SimulatorRegistry } from './simulator.registry.js';

/**
 * Control API of every simulator, whatever it stands for:
 *
 * - `GET /simulators`: each simulator with its faults and request counts
 * - `GET /simulators/:name`: one of them
 * - `PUT /simulators/:name/faults`: `{ errorRate, status, latencyMs, down }`, each optional
 * - `POST /simulators/:name/reset`: clear its faults and counts, forget what it stored
 *
 * An unknown name is 404 `NOT_FOUND`. Not throttled: tests and demos drive it in bursts.
 */
@Controller('simulators')
@SkipThrottle()
export class SimulatorsController {
  constructor(private readonly registry: SimulatorRegistry) {}

  /** Every simulator, its faults and how many requests it received. */
  @Get()
  list(): SimulatorView[] {
    return this.registry.list();
  }

  /**
   * One simulator, its faults and counts.
   * @throws SimulatorNotFoundError for an unknown name (404)
   */
  @Get(':name')
  get(@Param('name') name: string): SimulatorView {
    return this.registry.get(name).view();
  }

  /**
   * Changes the faults of one simulator; members left out keep their value.
   * @throws SimulatorNotFoundError for an unknown name (404)
   */
  @Put(':name/faults')
  setFaults(
    @Param('name') name: string,
    @Body() faults: SimulatorFaultsDto,
  ): SimulatorView {
    return this.registry.setFaults(name, faults);
  }

  /**
   * Clears the faults and counts of one simulator and forgets what it stored (204).
   * @throws SimulatorNotFoundError for an unknown name (404)
   */
  @Post(':name/reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  reset(@Param('name') name: string): void {
    this.registry.reset(name);
  }
}
