import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';

/**
 * The base URL of this application's own HTTP server, where the built-in simulators answer:
 * loopback for a wildcard bind, the bound address otherwise. Read once the server listens, then
 * kept.
 */
@Injectable()
export class SelfUrlResolver {
  private selfUrl: string | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * @param instead what to configure to call remote services instead, named in the error
   * @throws Error when the application is not listening yet
   */
  baseUrl(instead: string): string {
    if (this.selfUrl !== undefined) return this.selfUrl;
    const address = (
      this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined
    )?.address();
    if (
      address === null ||
      address === undefined ||
      typeof address === 'string'
    ) {
      throw new Error(
        'The built-in simulators are served by this application, which is not listening yet; ' +
          `call app.listen() or set ${instead}`,
      );
    }
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
