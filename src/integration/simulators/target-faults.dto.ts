import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  Max,
  Min,
} from 'class-validator';
import type { TargetFaults } from './target-faults.interface.js';

/** Body of `PUT /simulators/<system>/faults`: the settings to change, the others kept. */
export class TargetFaultsDto implements Partial<TargetFaults> {
  /** Share of requests failed, 0 to 1. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  errorRate?: number;

  /** Status of a failed request. */
  @IsOptional()
  @IsInt()
  @Min(400)
  @Max(599)
  status?: number;

  /** Wait before answering, up to ten minutes (a hanging target). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  latencyMs?: number;

  /** Drop every connection unanswered. */
  @IsOptional()
  @IsBoolean()
  down?: boolean;
}
