import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEnum,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { ErrorCategory } from '@nest-resilience/resilience';

/** The failure reported with a dead letter created from outside. */
export class DeadLetterErrorDto {
  @ApiProperty({
    description:
      'Error code of the reporter (a public problem code or its own)',
    example: 'UPSTREAM_UNAVAILABLE',
    maxLength: 100,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  code: string;

  @ApiProperty({
    description: 'What went wrong (masked when shown)',
    maxLength: 10000,
  })
  @IsString()
  @MaxLength(10_000)
  message: string;

  @ApiPropertyOptional({
    enum: ErrorCategory,
    description:
      'Default: from the code when it is a public problem code, else PERMANENT',
  })
  @IsOptional()
  @IsEnum(ErrorCategory)
  category?: ErrorCategory;
}
