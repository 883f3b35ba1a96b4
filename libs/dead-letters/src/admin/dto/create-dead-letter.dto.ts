import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DeadLetterErrorDto } from './dead-letter-error.dto.js';
import { IsStringRecord } from './string-record.validator.js';

/** Body of `POST /admin/dlq/messages`: dead-letters a message that failed elsewhere. */
export class CreateDeadLetterDto {
  @ApiProperty({
    description: 'Where the message came from (queue, topic, service)',
    example: 'orders-queue',
    maxLength: 255,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  source: string;

  @ApiProperty({
    description: 'Where it was going; its scheme picks the replay transport',
    example: 'http://127.0.0.1:3001/hooks/orders',
    maxLength: 2048,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  destination: string;

  @ApiProperty({
    description: 'Message pattern or event type',
    example: 'order.created',
    maxLength: 255,
  })
  @IsString()
  @MaxLength(255)
  pattern: string;

  @ApiProperty({
    description:
      'The original payload: any JSON value, stored unmasked for replay, masked when shown',
  })
  @IsDefined()
  payload: unknown;

  @ApiPropertyOptional({
    description: 'The original headers (string values)',
    type: 'object',
    additionalProperties: { type: 'string' },
  })
  @IsOptional()
  @IsStringRecord()
  headers?: Record<string, string>;

  @ApiPropertyOptional({
    description: 'Id of the original message',
    maxLength: 255,
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  messageId?: string;

  @ApiProperty({ type: DeadLetterErrorDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DeadLetterErrorDto)
  error: DeadLetterErrorDto;
}
