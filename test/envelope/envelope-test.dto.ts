import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';

/** One line of a test order. */
export class OrderLineDto {
  @IsString()
  @IsNotEmpty()
  productId!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

/** Shipping address of a test order. */
export class ShippingAddressDto {
  @IsString()
  @IsNotEmpty()
  street!: string;

  @IsString()
  @IsNotEmpty()
  city!: string;

  @IsString()
  state!: string;

  @Matches(/^\d{5}$/)
  zipCode!: string;

  @IsString()
  country!: string;
}

/** Body of `POST /orders` in the test app, nested like the real one. */
export class CreateOrderDto {
  @IsString()
  @IsNotEmpty()
  customerId!: string;

  @ValidateNested({ each: true })
  @ArrayMinSize(1)
  @Type(() => OrderLineDto)
  products!: OrderLineDto[];

  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;
}
