import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCategory, ErrorSeverity } from '@nest-resilience/resilience';
import { DeadLetterStatus } from '../../dead-letter-status.enum.js';

/** The stored error of a dead letter (OpenAPI schema). */
export class DeadLetterErrorViewDto {
  @ApiProperty({ example: 'AxiosError' }) type: string;
  @ApiProperty({ example: 'UPSTREAM_UNAVAILABLE' }) code: string;
  @ApiPropertyOptional({ example: 'ECONNREFUSED' }) sourceCode?: string;
  @ApiProperty({ enum: ErrorCategory }) category: ErrorCategory;
  @ApiProperty({ enum: ErrorSeverity }) severity: ErrorSeverity;
  @ApiProperty({ description: 'Masked' }) message: string;
}

/** Who resolved a dead letter, when and why (OpenAPI schema). */
export class DeadLetterResolutionViewDto {
  @ApiProperty({ example: 'replay' }) by: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() reason: string;
}

/** A dead letter as the admin API shows it, sensitive fields masked (OpenAPI schema). */
export class DeadLetterViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional() messageId?: string;
  @ApiProperty({ example: 'orders-queue' }) source: string;
  @ApiProperty({ example: 'http://127.0.0.1:3001/hooks/orders' })
  destination: string;
  @ApiPropertyOptional({ example: 'order.created' }) pattern?: string;
  @ApiProperty({ description: 'The original payload, masked' })
  payload: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Masked',
  })
  headers: Record<string, string>;
  @ApiProperty({ type: DeadLetterErrorViewDto }) error: DeadLetterErrorViewDto;
  @ApiProperty({ minimum: 0 }) retryCount: number;
  @ApiProperty({
    minimum: 0,
    description:
      'Replays that claimed it; kept when the message fails again and the entry reopens',
  })
  replayCount: number;
  @ApiProperty({ enum: DeadLetterStatus }) status: DeadLetterStatus;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ format: 'date-time' }) firstFailedAt: string;
  @ApiProperty({ format: 'date-time' }) lastFailedAt: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When it was dead-lettered',
  })
  createdAt: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When a replay last claimed it',
  })
  lastAttemptAt?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When a replay last handed it over to a broker (REPLAYED until its consumer confirms)',
  })
  replayedAt?: string;
  @ApiPropertyOptional() traceId?: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ type: DeadLetterResolutionViewDto })
  resolution?: DeadLetterResolutionViewDto;
  @ApiProperty({ description: 'Optimistic lock version' }) version: number;
}
