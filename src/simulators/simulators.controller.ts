import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { SimulatorFaultsDto } from './dto/simulator-faults.dto.js';
import type { SimulatorView } from './simulator-faults.interface.js';
import { SimulatorRegistry } from './simulator.registry.js';

/**
 * Control API of the simulated downstream services: `GET /simulators` lists them with their
 * faults and request counters; `PUT /simulators/:name/faults` changes the faults.
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
   * Changes the faults of one simulator; members left out keep their value.
   * @throws SimulatorNotFoundError for an unknown name (404)
   */
  @Put(':name/faults')
  update(
    @Param('name') name: string,
    @Body() faults: SimulatorFaultsDto,
  ): SimulatorView {
    return this.registry.update(name, faults);
  }
}
