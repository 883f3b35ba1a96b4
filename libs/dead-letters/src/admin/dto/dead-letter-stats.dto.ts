import { ApiProperty } from '@nestjs/swagger';

/** How many entries have one status and one category (OpenAPI schema). */
export class StatusCategoryCountDto {
  @ApiProperty({ example: 'PENDING' }) status: string;
  @ApiProperty({ example: 'TRANSIENT' }) category: string;
  @ApiProperty() count: number;
}

/** One error code and how often it occurs (OpenAPI schema). */
export class ErrorCodeCountDto {
  @ApiProperty({ example: 'UPSTREAM_UNAVAILABLE' }) code: string;
  @ApiProperty() count: number;
}

const COUNTS = {
  type: 'object',
  additionalProperties: { type: 'integer' },
} as const;

/** Body of `GET /admin/dlq/stats` (OpenAPI schema). */
export class DeadLetterStatsDto {
  @ApiProperty({ description: 'Entries stored, every status' }) total: number;
  @ApiProperty({ description: 'PENDING + RETRYING + REPLAYED + FAILED' })
  open: number;
  @ApiProperty({ ...COUNTS, example: { PENDING: 3, RESOLVED: 10 } })
  byStatus: Record<string, number>;
  @ApiProperty({ ...COUNTS, example: { TRANSIENT: 5 } }) byCategory: Record<
    string,
    number
  >;
  @ApiProperty({
    type: [StatusCategoryCountDto],
    description: 'Entries by status and category together',
  })
  byStatusAndCategory: StatusCategoryCountDto[];
  @ApiProperty({ ...COUNTS, example: { HIGH: 2 } }) bySeverity: Record<
    string,
    number
  >;
  @ApiProperty({
    type: [ErrorCodeCountDto],
    description: 'Most frequent first, at most 10',
  })
  topErrorCodes: ErrorCodeCountDto[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  oldestPendingAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) oldestPendingAgeMs:
    number | null;
  @ApiProperty({
    description:
      'Entries resolved by a replay (handled at the destination, or confirmed by the consumer)',
  })
  recovered: number;
  @ApiProperty({ description: 'Entries resolved by an operator' })
  resolvedManually: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'recovered / total, 0..1',
  })
  recoveryRate: number | null;
}
