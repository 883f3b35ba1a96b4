import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  ErrorCategory,
  ErrorSeverity,
  PROBLEM_CODES,
  type ProblemCode,
} from '@nest-resilience/resilience';

const CODES = Object.keys(PROBLEM_CODES);

/** Query of `GET /admin/errors`; every member narrows. */
export class ListErrorLogDto {
  @ApiPropertyOptional({ enum: CODES })
  @IsOptional()
  @IsIn(CODES)
  code?: ProblemCode;

  @ApiPropertyOptional({ enum: ErrorCategory })
  @IsOptional()
  @IsEnum(ErrorCategory)
  category?: ErrorCategory;

  @ApiPropertyOptional({ enum: ErrorSeverity })
  @IsOptional()
  @IsEnum(ErrorSeverity)
  severity?: ErrorSeverity;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '`true`: only resolved entries; `false`: only open ones',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  resolved?: 'true' | 'false';

  @ApiPropertyOptional({
    description: 'Recorded at or after (ISO 8601)',
    example: '2026-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({
    description: 'Page size',
    minimum: 1,
    maximum: 500,
    default: 50,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
