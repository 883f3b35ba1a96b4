/** The product service's answer for one product (`POST /check-availability`). */
export interface ProductAvailability {
  productId: string;
  available: boolean;
  /** Units in stock; `null` when unknown (the fallback could not ask). */
  quantity: number | null;
  /** Set by the fallback: nobody confirmed availability, a person must. */
  requiresManualReview?: boolean;
  /** Set by the fallback: this entry was not answered by the product service. */
  fallbackUsed?: boolean;
}
