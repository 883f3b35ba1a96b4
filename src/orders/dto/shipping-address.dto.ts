import { IsString, Length } from 'class-validator';

/** Where an order of `POST /orders` is shipped to. */
export class ShippingAddressDto {
  @IsString()
  @Length(1, 200)
  street: string;

  @IsString()
  @Length(1, 100)
  city: string;

  @IsString()
  @Length(1, 100)
  state: string;

  @IsString()
  @Length(1, 20)
  zipCode: string;

  @IsString()
  @Length(2, 100)
  country: string;
}
