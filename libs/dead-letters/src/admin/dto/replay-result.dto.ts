import { ApiProperty } from '@nestjs/swagger';
import { DeadLetterViewDto } from './dead-letter-view.dto.js';

/** Body of `POST /admin/dlq/messages/:id/replay` (OpenAPI schema). */
export class ReplayResultDto {
  @ApiProperty({
    enum: ['DELIVERED', 'FAILED'],
    description:
      'DELIVERED: the entry is RESOLVED, or REPLAYED while a broker hand-over awaits its consumer; ' +
      'FAILED: back to PENDING (or FAILED) with the new error',
  })
  outcome: 'DELIVERED' | 'FAILED';

  @ApiProperty({
    type: DeadLetterViewDto,
    description: 'The entry after the replay',
  })
  message: DeadLetterViewDto;
}
