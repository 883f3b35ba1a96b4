import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ResilienceMetricsOptions } from './resilience-metrics-options.interface.js';

export const {
  ConfigurableModuleClass: ResilienceMetricsConfigurableModule,
  MODULE_OPTIONS_TOKEN: RESILIENCE_METRICS_OPTIONS,
} = new ConfigurableModuleBuilder<ResilienceMetricsOptions>({
  moduleName: 'ResilienceMetrics',
})
  .setClassMethodName('forRoot')
  .build();
