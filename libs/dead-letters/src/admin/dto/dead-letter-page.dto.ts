import { ApiProperty } from '@nestjs/swagger';
import { DeadLetterViewDto } from './dead-letter-view.dto.js';

/** One page of `GET /admin/dlq/messages` (OpenAPI schema). */
export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterViewDto], description: 'Newest first' })
  items: DeadLetterViewDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Cursor of the next page; null on the last page',
  })
  nextCursor: string | null;
}
