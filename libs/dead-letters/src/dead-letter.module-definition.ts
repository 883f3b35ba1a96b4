import {
  ConfigurableModuleBuilder,
  type Provider,
  type Type,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  AlertService,
  AlertingErrorLogStore,
} from '@nest-resilience/problem-details';
import { DeadLetterReplayAdminController } from './admin/dead-letter-replay-admin.controller.js';
import { DeadLetterAdminController } from './admin/dead-letter-admin.controller.js';
import { ErrorLogAdminController } from './admin/error-log-admin.controller.js';
import type { DeadLetterModuleOptions } from './dead-letter-module-options.interface.js';
import { DeadLetterStore } from './dead-letter.store.js';
import { BulkReplayJobStore } from './replay/bulk-replay-job.store.js';
import { InMemoryBulkReplayJobStore } from './replay/in-memory-bulk-replay-job.store.js';
import { DEAD_LETTER_ENTITIES } from './typeorm/dead-letter-typeorm.constants.js';
import { TypeOrmBulkReplayJobStore } from './typeorm/typeorm-bulk-replay-job.store.js';
import { TypeOrmDeadLetterStore } from './typeorm/typeorm-dead-letter.store.js';
import { TypeOrmErrorLogStore } from './typeorm/typeorm-error-log.store.js';

/** Options of `DeadLetterModule` fixed at import time (not available to `useFactory`). */
export interface DeadLetterModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /**
   * The store implementation. The default, `TypeOrmDeadLetterStore`, expects the application
   * to have set up TypeORM with `DEAD_LETTER_ENTITIES` and `DEAD_LETTER_MIGRATIONS`, and also
   * provides the durable error log (`TypeOrmErrorLogStore`, `AlertingErrorLogStore`).
   * @default TypeOrmDeadLetterStore
   */
  store?: Type<DeadLetterStore>;
  /**
   * Where bulk replay jobs are stored. With the TypeORM store the default is
   * `TypeOrmBulkReplayJobStore` (its table is in `DEAD_LETTER_ENTITIES`): jobs are seen from
   * every instance and resumed after a crash. With another store it is
   * `InMemoryBulkReplayJobStore`: jobs live and end with the instance that runs them.
   */
  jobStore?: Type<BulkReplayJobStore>;
  /**
   * Mount the admin controllers (`/admin/dlq/...`, and `/admin/errors/...` with the TypeORM
   * store). @default true
   */
  adminApi?: boolean;
}

function storeProviders(
  store: Type<DeadLetterStore>,
  jobStore: Type<BulkReplayJobStore> | undefined,
): Provider[] {
  const typeorm = store === TypeOrmDeadLetterStore;
  const jobs: Provider = {
    provide: BulkReplayJobStore,
    useClass:
      jobStore ??
      (typeorm ? TypeOrmBulkReplayJobStore : InMemoryBulkReplayJobStore),
  };
  if (!typeorm) return [{ provide: DeadLetterStore, useClass: store }, jobs];
  return [
    { provide: DeadLetterStore, useClass: TypeOrmDeadLetterStore },
    jobs,
    TypeOrmErrorLogStore,
    {
      provide: AlertingErrorLogStore,
      inject: [TypeOrmErrorLogStore, AlertService],
      useFactory: (log: TypeOrmErrorLogStore, alerts: AlertService) =>
        new AlertingErrorLogStore(log, alerts),
    },
  ];
}

export const {
  ConfigurableModuleClass: DeadLetterConfigurableModule,
  MODULE_OPTIONS_TOKEN: DEAD_LETTER_MODULE_OPTIONS,
  OPTIONS_TYPE: DEAD_LETTER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: DEAD_LETTER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<DeadLetterModuleOptions>({
  moduleName: 'DeadLetter',
})
  .setClassMethodName('forRoot')
  .setExtras<DeadLetterModuleExtras>(
    { isGlobal: false, store: TypeOrmDeadLetterStore, adminApi: true },
    (definition, extras) => {
      const store = extras.store ?? TypeOrmDeadLetterStore;
      const typeorm = store === TypeOrmDeadLetterStore;
      const extra = storeProviders(store, extras.jobStore);
      return {
        ...definition,
        global: extras.isGlobal,
        imports: [
          ...(definition.imports ?? []),
          ...(typeorm
            ? [TypeOrmModule.forFeature([...DEAD_LETTER_ENTITIES])]
            : []),
        ],
        controllers: [
          ...(definition.controllers ?? []),
          ...(extras.adminApi === false
            ? []
            : [
                DeadLetterAdminController,
                DeadLetterReplayAdminController,
                ...(typeorm ? [ErrorLogAdminController] : []),
              ]),
        ],
        providers: [...(definition.providers ?? []), ...extra],
        exports: [
          ...(definition.exports ?? []),
          DeadLetterStore,
          BulkReplayJobStore,
          ...(typeorm ? [TypeOrmErrorLogStore, AlertingErrorLogStore] : []),
        ],
      };
    },
  )
  .build();
