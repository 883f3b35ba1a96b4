import { IsInt, IsString, Length, Max, Min } from 'class-validator';

/** One line of `POST /orders`: a product and how many of it. */
export class OrderLineDto {
  @IsString()
  @Length(1, 100)
  productId: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity: number;
}
