import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/**
 * Body of `POST /admin/dlq/messages/:id/resolve`. Who resolved it is the admin token's name,
 * never a body member: a body with `resolvedBy` (or any other unknown member) is refused with
 * 400 `VALIDATION_FAILED` pointing at it.
 */
export class ResolveDeadLetterDto {
  @ApiProperty({
    description: 'Why it needs no replay',
    example: 'Order was re-created by hand',
    maxLength: 1000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
