import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { ErrorCategory } from '@nest-resilience/resilience';
import { DeadLetterStatus } from '../../dead-letter-status.enum.js';

/** Body of `POST /admin/dlq/replay`: which entries, how fast, how many. */
export class BulkReplayDto {
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  source?: string;

  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  destination?: string;

  @ApiPropertyOptional({
    enum: [DeadLetterStatus.PENDING, DeadLetterStatus.FAILED],
    default: DeadLetterStatus.PENDING,
  })
  @IsOptional()
  @IsIn([DeadLetterStatus.PENDING, DeadLetterStatus.FAILED])
  status?: DeadLetterStatus;

  @ApiPropertyOptional({ enum: ErrorCategory })
  @IsOptional()
  @IsEnum(ErrorCategory)
  category?: ErrorCategory;

  @ApiPropertyOptional({ description: 'Dead-lettered at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Dead-lettered before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    description: 'Messages per second (at most the configured maximum)',
    default: 50,
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  ratePerSecond?: number;

  @ApiPropertyOptional({
    description: 'Most entries to replay; default every matching one',
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  limit?: number;
}
