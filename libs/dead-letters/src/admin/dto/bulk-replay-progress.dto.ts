import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const TIME = { type: String, format: 'date-time', nullable: true } as const;

/** A bulk replay job and its progress, as any instance shows it (OpenAPI schema). */
export class BulkReplayProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED'] })
  state: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  filter: Record<string, string>;
  @ApiProperty() ratePerSecond: number;
  @ApiProperty({ type: Number, nullable: true }) limit: number | null;
  @ApiProperty({ description: 'Entries claimed so far' }) claimed: number;
  @ApiProperty({
    description:
      'Delivered: resolved, or handed over to a broker (counted in handedOver too)',
  })
  delivered: number;
  @ApiProperty({
    description:
      'Of the delivered, only handed over: REPLAYED, awaiting their consumer',
  })
  handedOver: number;
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
  @ApiProperty(TIME) finishedAt: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The admin token that started it',
  })
  startedBy: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The instance running it; null once finished or between two owners',
  })
  owner: string | null;
  @ApiProperty({ ...TIME, description: "The owner's last checkpoint" })
  heartbeatAt: string | null;
  @ApiProperty({
    ...TIME,
    description: 'After this, another instance takes the job over',
  })
  leaseExpiresAt: string | null;
  @ApiProperty({
    description: 'Times another (or a restarted) instance resumed it',
  })
  takeovers: number;
  @ApiProperty({
    ...TIME,
    description:
      'When a cancel was asked; its owner stops at its next checkpoint',
  })
  cancelRequestedAt: string | null;
  @ApiPropertyOptional() error?: string;
}
