import { Inject, Injectable } from '@nestjs/common';
import {
  integrationConfig,
  type IntegrationConfig,
  type TargetSystem,
} from '../config/integration.config.js';
import { SelfUrlResolver } from '../../simulators/self-url.resolver.js';

/**
 * Base URL of each target system: the configured one, else the built-in simulator on this
 * application's own port, called over real HTTP so breakers, bulkheads and retries work exactly
 * as against a remote system.
 */
@Injectable()
export class TargetUrlResolver {
  constructor(
    @Inject(integrationConfig.KEY) private readonly config: IntegrationConfig,
    private readonly self: SelfUrlResolver,
  ) {}

  /**
   * @throws Error when the system is simulated and the application is not listening yet
   */
  baseUrl(system: TargetSystem): string {
    return (
      this.config.targets[system] ??
      `${this.self.baseUrl('the target URLs (FHIR_SERVER_URL, ...)')}/simulators/${system}`
    );
  }

  /** Whether `system` is served by the built-in simulator. */
  simulated(system: TargetSystem): boolean {
    return this.config.targets[system] === undefined;
  }
}
