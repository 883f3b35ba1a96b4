import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Max,
  Min,
} from 'class-validator';

/** Statuses a simulator may fail with: the 4xx and 5xx a real service commonly answers. */
export const SIMULATED_STATUSES = [
  400, 404, 408, 409, 429, 500, 502, 503, 504,
] as const;

/**
 * Body of `PUT /simulators/:name/faults`. Members left out keep their current value, so one
 * member is enough: `{ "errorRate": 1 }` breaks a service, `{ "errorRate": 0 }` mends it.
 */
export class SimulatorFaultsDto {
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  errorRate?: number;

  @IsOptional()
  @IsInt()
  @IsIn(SIMULATED_STATUSES)
  status?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60_000)
  latencyMs?: number;

  @IsOptional()
  @IsBoolean()
  down?: boolean;
}
