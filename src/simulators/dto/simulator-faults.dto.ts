import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  Max,
  Min,
} from 'class-validator';
import type { SimulatorFaults } from '../simulator-faults.interface.js';

/** Longest latency a simulator may be given: ten minutes, a hanging service. */
export const MAX_SIMULATED_LATENCY_MS = 600_000;

/**
 * Body of `PUT /simulators/:name/faults`. Members left out keep their current value, so one
 * member is enough: `{ "errorRate": 1 }` breaks a service, `{ "errorRate": 0 }` mends it.
 */
export class SimulatorFaultsDto implements Partial<SimulatorFaults> {
  /** Share of requests failed, 0 to 1. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  errorRate?: number;

  /** Status of a failed request: any 4xx or 5xx. */
  @IsOptional()
  @IsInt()
  @Min(400)
  @Max(599)
  status?: number;

  /** Wait before answering, up to {@link MAX_SIMULATED_LATENCY_MS}. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SIMULATED_LATENCY_MS)
  latencyMs?: number;

  /** Drop every connection unanswered. */
  @IsOptional()
  @IsBoolean()
  down?: boolean;
}
