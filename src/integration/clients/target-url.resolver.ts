import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import {
  integrationConfig,
  type IntegrationConfig,
  type TargetSystem,
} from '../config/integration.config.js';

/**
 * Base URL of each target system: the configured one, else the built-in simulator on this
 * application's own port, called over real HTTP so breakers, bulkheads and retries work exactly
 * as against a remote system.
 */
@Injectable()
export class TargetUrlResolver {
  private selfUrl?: string;

  constructor(
    @Inject(integrationConfig.KEY) private readonly config: IntegrationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /**
   * @throws Error when the system is simulated and the application is not listening yet
   */
  baseUrl(system: TargetSystem): string {
    return this.config.targets[system] ?? `${this.self()}/simulators/${system}`;
  }

  /** Whether `system` is served by the built-in simulator. */
  simulated(system: TargetSystem): boolean {
    return this.config.targets[system] === undefined;
  }

  private self(): string {
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
        'The built-in target simulators are served by this application, which is not listening yet; ' +
          'call app.listen() or set the target URLs (FHIR_SERVER_URL, ...)',
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
