import {
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

/** Body of `POST /integration/messages`. */
export class SubmitIntegrationMessageDto {
  /** The producer's id; a resubmission with the same type and id is answered with the first message. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  messageId?: string;

  /** Message type, which picks the pipeline (`patient-record`, `order-fulfilment`). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  type: string;

  /** The message itself, checked by its pipeline's validation step. */
  @IsObject()
  payload: Record<string, unknown>;
}
