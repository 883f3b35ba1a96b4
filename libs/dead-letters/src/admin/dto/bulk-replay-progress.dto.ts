import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A bulk replay job and its progress (OpenAPI schema). */
export class BulkReplayProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED'] })
  state: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  filter: Record<string, string>;
  @ApiProperty() ratePerSecond: number;
  @ApiProperty({ type: Number, nullable: true }) limit: number | null;
  @ApiProperty({ description: 'Entries claimed so far' }) claimed: number;
  @ApiProperty({ description: 'Delivered and resolved' }) delivered: number;
  @ApiProperty({
    description: 'Delivery failed; back to PENDING with retry count raised',
  })
  failed: number;
  @ApiProperty({
    description:
      'Given back untouched (circuit open, cancelled before delivery)',
  })
  released: number;
  @ApiProperty({ description: 'No transport for their destination' })
  skipped: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;
  @ApiPropertyOptional() error?: string;
}
