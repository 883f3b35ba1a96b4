import { ConfigurableModuleBuilder, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { recoveryAdminController } from './admin/recovery-admin.controller.js';
import { CheckpointStore } from './pipelines/checkpoint.store.js';
import { TypeOrmCheckpointStore } from './typeorm/typeorm-checkpoint.store.js';
import { WORKFLOW_ENTITIES } from './typeorm/workflow-typeorm.constants.js';
import type { WorkflowsModuleOptions } from './workflows-module-options.interface.js';

/** Options of `WorkflowsModule` fixed at import time (not available to `useFactory`). */
export interface WorkflowsModuleExtras {
  /** Register the module globally. @default false */
  isGlobal?: boolean;
  /**
   * The checkpoint store. The default, `TypeOrmCheckpointStore`, expects the application to
   * have set up TypeORM with `WORKFLOW_ENTITIES` and `WORKFLOW_MIGRATIONS`.
   * @default TypeOrmCheckpointStore
   */
  store?: Type<CheckpointStore>;
  /**
   * Path of the recovery admin API (`GET <path>`, `POST <path>/:job/run`), behind the admin
   * tokens; `false` leaves it out.
   * @default 'admin/workflows/recovery'
   */
  adminPath?: string | false;
}

const EXTRAS_DEFAULTS: Required<WorkflowsModuleExtras> = {
  isGlobal: false,
  store: TypeOrmCheckpointStore,
  adminPath: 'admin/workflows/recovery',
};

export const {
  ConfigurableModuleClass: WorkflowsConfigurableModule,
  MODULE_OPTIONS_TOKEN: WORKFLOWS_MODULE_OPTIONS,
  OPTIONS_TYPE: WORKFLOWS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WORKFLOWS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WorkflowsModuleOptions>({
  moduleName: 'Workflows',
})
  .setClassMethodName('forRoot')
  .setExtras<WorkflowsModuleExtras>(EXTRAS_DEFAULTS, (definition, extras) => {
    // A member given as `undefined` replaces the default in the extras Nest merges.
    const store = extras.store ?? EXTRAS_DEFAULTS.store;
    const adminPath = extras.adminPath ?? EXTRAS_DEFAULTS.adminPath;
    const typeorm = store === TypeOrmCheckpointStore;
    return {
      ...definition,
      global: extras.isGlobal ?? EXTRAS_DEFAULTS.isGlobal,
      imports: [
        ...(definition.imports ?? []),
        ...(typeorm ? [TypeOrmModule.forFeature([...WORKFLOW_ENTITIES])] : []),
      ],
      controllers: [
        ...(definition.controllers ?? []),
        ...(adminPath === false ? [] : [recoveryAdminController(adminPath)]),
      ],
      providers: [
        ...(definition.providers ?? []),
        { provide: CheckpointStore, useClass: store },
      ],
      exports: [...(definition.exports ?? []), CheckpointStore],
    };
  })
  .build();
