import { type DynamicModule, Module } from '@nestjs/common';
import type { ClassificationRule } from '../classification/error-classification.interface.js';
import { loadResilienceSettings } from '../config/resilience-config.loader.js';
import { ResilienceModule } from '../resilience.module.js';
import { ResilienceRecorder } from './resilience.recorder.js';

/** Settings sections as in a configuration file (`circuitBreaker`, `retry`, `bulkhead`). */
type SettingsSections = Record<string, Record<string, unknown>>;

/** Options of {@link ResilienceTestingModule.forRoot}. */
export interface ResilienceTestingOptions {
  /** Services as in a configuration file's `services`, each over the test defaults. */
  services?: Record<string, SettingsSections>;
  /** Defaults as in a configuration file's `defaults`, over the test defaults. */
  defaults?: SettingsSections;
  /** Application rules, tried before the built-in ones. @default [] */
  classificationRules?: ClassificationRule[];
}

/**
 * Defaults that keep tests fast and exact: retries wait 1 ms without jitter, an open breaker
 * probes again after 100 ms. Everything else is the library's default.
 */
export const RESILIENCE_TEST_DEFAULTS: Readonly<SettingsSections> = {
  retry: { backoff: 'fixed', baseDelayMs: 1, maxDelayMs: 1, jitter: 'none' },
  circuitBreaker: { resetTimeoutMs: 100 },
};

/**
 * The resilience library for a test: `ResilienceModule` with the services given in code over
 * {@link RESILIENCE_TEST_DEFAULTS} (no file, no environment), and a {@link ResilienceRecorder}
 * that records every retry, fallback and breaker transition for the test to assert on.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [ResilienceTestingModule.forRoot({ services: { 'product-service': {} } })],
 *   providers: [ProductClient],
 * }).compile();
 * await moduleRef.init();
 * const recorder = moduleRef.get(ResilienceRecorder);
 * ```
 */
@Module({})
export class ResilienceTestingModule {
  static forRoot(options: ResilienceTestingOptions = {}): DynamicModule {
    const defaults: SettingsSections = { ...RESILIENCE_TEST_DEFAULTS };
    for (const [section, values] of Object.entries(options.defaults ?? {})) {
      defaults[section] = { ...defaults[section], ...values };
    }
    return {
      module: ResilienceTestingModule,
      global: true,
      imports: [
        ResilienceModule.forRoot({
          settings: loadResilienceSettings({
            config: { defaults, services: options.services ?? {} },
          }),
          classificationRules: options.classificationRules ?? [],
        }),
      ],
      providers: [ResilienceRecorder],
      exports: [ResilienceRecorder],
    };
  }
}
