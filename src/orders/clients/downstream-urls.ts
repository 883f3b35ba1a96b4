import { Inject, Injectable } from '@nestjs/common';
import { SelfUrlResolver } from '../../simulators/self-url.resolver.js';
import { ordersConfig, type OrdersConfig } from '../orders.config.js';

/** Path of the simulators under this application. */
const SIMULATORS_PATH = '/simulators';
/** What to set to call remote services instead of the simulators. */
const INSTEAD = 'PRODUCT_SERVICE_URL and DELIVERY_SERVICE_URL';

/**
 * Base URLs of the product and delivery services: the configured ones, else the built-in
 * simulators on this application's own port, called over real HTTP so the clients, their
 * breakers and retries are exercised exactly as against a remote service.
 */
@Injectable()
export class DownstreamUrls {
  constructor(
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
    private readonly self: SelfUrlResolver,
  ) {}

  /** Base URL of the product service (`POST {url}/check-availability`). */
  product(): string {
    return (
      this.config.productServiceUrl ??
      `${this.self.baseUrl(INSTEAD)}${SIMULATORS_PATH}/product-service`
    );
  }

  /** Base URL of the delivery service (`POST {url}/deliveries`). */
  delivery(): string {
    return (
      this.config.deliveryServiceUrl ??
      `${this.self.baseUrl(INSTEAD)}${SIMULATORS_PATH}/delivery-service`
    );
  }
}
