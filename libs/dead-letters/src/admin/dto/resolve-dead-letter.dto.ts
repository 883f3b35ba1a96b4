import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** Body of `POST /admin/dlq/messages/:id/resolve`. */
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

  @ApiPropertyOptional({
    description: 'Who resolved it',
    default: 'admin',
    maxLength: 255,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  resolvedBy?: string;
}
