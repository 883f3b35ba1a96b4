import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { ordersConfig, type OrdersConfig } from '../orders.config.js';

/** Path of the simulators under this application. */
const SIMULATORS_PATH = '/simulators';

/**
 * Base URLs of the product and delivery services: the configured ones, else the built-in
 * simulators on this application's own port, called over real HTTP so the clients, their
 * breakers and retries are exercised exactly as against a remote service.
 */
@Injectable()
export class DownstreamUrls {
  private selfUrl: string | undefined;

  constructor(
    @Inject(ordersConfig.KEY) private readonly config: OrdersConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Base URL of the product service (`POST {url}/check-availability`). */
  product(): string {
    return (
      this.config.productServiceUrl ??
      `${this.self()}${SIMULATORS_PATH}/product-service`
    );
  }

  /** Base URL of the delivery service (`POST {url}/deliveries`). */
  delivery(): string {
    return (
      this.config.deliveryServiceUrl ??
      `${this.self()}${SIMULATORS_PATH}/delivery-service`
    );
  }

  private self(): string {
    if (this.selfUrl !== undefined) return this.selfUrl;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as
      Server | undefined;
    const address = server?.address();
    if (
      address === null ||
      address === undefined ||
      typeof address === 'string'
    ) {
      throw new Error(
        'The built-in simulators are served by this application, which is not listening yet; ' +
          'call app.listen() or set PRODUCT_SERVICE_URL and DELIVERY_SERVICE_URL',
      );
    }
    // A wildcard bind answers on loopback; a specific address is used as is.
    const wildcard = address.address === '::' || address.address === '0.0.0.0';
    const host = wildcard
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
    this.selfUrl = `http://${host}:${address.port}`;
    return this.selfUrl;
  }
}
