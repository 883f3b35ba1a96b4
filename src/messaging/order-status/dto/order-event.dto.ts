import {
  IsArray,
  IsBoolean,
  IsISO8601,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { ProjectedOrderStatus } from '../projected-order-status.enum.js';

/**
 * Payload of the order events (`ORDER_CREATED`, `ORDER_SHIPPED`, ...) as the orders feature
 * publishes them. Validated per pattern by the global validation pipe: a payload that does not
 * fit is `VALIDATION_FAILED`, dead-lettered at once.
 */
export class OrderEventDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  orderId: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  customerId?: string;

  /** The order's status after the change, as the publisher saw it. */
  @IsOptional()
  @IsIn(Object.values(ProjectedOrderStatus))
  status?: ProjectedOrderStatus;

  @IsOptional()
  @IsArray()
  products?: unknown[];

  @IsOptional()
  @IsBoolean()
  requiresManualReview?: boolean;

  @IsOptional()
  @IsISO8601()
  occurredAt?: string;
}
