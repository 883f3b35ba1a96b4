/** The delivery service's answer to `POST /deliveries`. */
export interface DeliveryConfirmation {
  deliveryId: string;
  trackingNumber: string;
  estimatedDeliveryDate: string;
  carrier: string;
}
