import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ResilientMessagingModuleOptions } from './resilient-messaging-options.interface.js';

/**
 * The messaging module's configurable base: `forRoot` / `forRootAsync` with
 * {@link ResilientMessagingModuleOptions}, global unless `isGlobal: false`, and the options token
 * `RESILIENT_MESSAGING_OPTIONS`.
 */
export const {
  ConfigurableModuleClass: ResilientMessagingConfigurableModule,
  MODULE_OPTIONS_TOKEN: RESILIENT_MESSAGING_OPTIONS,
  OPTIONS_TYPE: RESILIENT_MESSAGING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RESILIENT_MESSAGING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ResilientMessagingModuleOptions>({
  moduleName: 'ResilientMessaging',
})
  .setClassMethodName('forRoot')
  // Global by default: any feature module may inject `OutboxPublisher` and `InboxService`.
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
