import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/**
 * Body of `POST /admin/errors/:id/resolve`. Who resolved it is the admin token's name, never a
 * body member: any other member is refused with 400 `VALIDATION_FAILED` pointing at it.
 */
export class ResolveErrorLogDto {
  @ApiProperty({
    description: 'What was done about it',
    example: 'Product service credentials rotated',
    maxLength: 1000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason: string;
}
