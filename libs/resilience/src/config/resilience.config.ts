import { resolve } from 'node:path';
import { registerAs, type ConfigType } from '@nestjs/config';
import { loadResilienceSettings } from './resilience-config.loader.js';
import {
  DEFAULT_RESILIENCE_CONFIG_FILE,
  RESILIENCE_CONFIG_NAMESPACE,
} from './resilience-defaults.constants.js';

/**
 * The `resilience` configuration namespace: the file named by `RESILIENCE_CONFIG_FILE` (unset or
 * empty: `config/resilience.yaml` under the working directory), with `RESILIENCE__*` overrides,
 * validated when the namespace loads, so a bad value stops the start. The only place that reads
 * `process.env` for these settings.
 *
 * @example
 * ConfigModule.forRoot({ load: [resilienceConfig] });
 * constructor(@Inject(resilienceConfig.KEY) settings: ResilienceConfig) {}
 * @throws ResilienceConfigurationError when the file or a variable is invalid
 */
export const resilienceConfig = registerAs(RESILIENCE_CONFIG_NAMESPACE, () =>
  loadResilienceSettings({
    // An empty value, as a blank line in a .env file gives, means "not set".
    file:
      process.env.RESILIENCE_CONFIG_FILE ||
      resolve(process.cwd(), DEFAULT_RESILIENCE_CONFIG_FILE),
    env: process.env,
  }),
);

/** The resolved settings as injected with `@Inject(resilienceConfig.KEY)`. */
export type ResilienceConfig = ConfigType<typeof resilienceConfig>;
