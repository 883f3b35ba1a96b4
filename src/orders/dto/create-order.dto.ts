import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import { OrderLineDto } from './order-line.dto.js';
import { ShippingAddressDto } from './shipping-address.dto.js';

/** Body of `POST /orders`. */
export class CreateOrderDto {
  @IsString()
  @Length(1, 255)
  customerId: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  products: OrderLineDto[];

  @IsDefined()
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress: ShippingAddressDto;
}
