// Module
// Dead letter queue
export { DeadLetterModule } from './dead-letter.module.js';
export {
  DEAD_LETTER_MODULE_OPTIONS,
  DEAD_LETTER_OPTIONS_TYPE,
  DEAD_LETTER_ASYNC_OPTIONS_TYPE,
  type DeadLetterModuleExtras,
} from './dead-letter.module-definition.js';
export type {
  BulkReplayOptions,
  DeadLetterHealthOptions,
  DeadLetterModuleOptions,
  ResolvedDeadLetterOptions,
} from './dead-letter-module-options.interface.js';
export {
  DEAD_LETTER_DEFAULTS,
  DEAD_LETTER_HEALTH_KEY,
  DEAD_LETTER_OPTIONS,
  REPLAY_RESOLVER,
} from './dead-letter.constants.js';
export { DeadLetterService } from './dead-letter.service.js';
export { DeadLetterPresenter } from './dead-letter.presenter.js';
export {
  DeadLetterStore,
  type DeadLetterClaim,
} from './dead-letter.store.js';
export { DeadLetterStatus } from './dead-letter-status.enum.js';
export type {
  DeadLetter,
  DeadLetterErrorInfo,
  DeadLetterResolution,
  DeadLetterView,
} from './dead-letter.interface.js';
export type {
  DeadLetterInput,
  ExternalDeadLetterInput,
} from './dead-letter-input.interface.js';
export type {
  DeadLetterFilter,
  DeadLetterPage,
  DeadLetterStats,
} from './dead-letter-query.interface.js';
export { SensitiveDataMasker } from './sensitive-data.masker.js';
export { DEFAULT_SENSITIVE_KEYS } from './sensitive-keys.constants.js';
export { DeadLetterReplayService } from './replay/dead-letter-replay.service.js';
export {
  DeadLetterBulkReplayService,
  type BulkReplayRequest,
} from './replay/dead-letter-bulk-replay.service.js';
export type { BulkReplayProgress } from './replay/bulk-replay-progress.interface.js';
export { DeadLetterMaintenanceService } from './dead-letter-maintenance.service.js';
export { DeadLetterHealthIndicator } from './dead-letter.health.js';
export { DeadLetterTransport } from './transport/dead-letter.transport.js';
export type { DeadLetterDelivery } from './transport/dead-letter-delivery.interface.js';
export { DeadLetterTransportRegistry } from './transport/dead-letter-transport.registry.js';
export {
  HttpDeadLetterTransport,
  DEAD_LETTER_ID_HEADER,
} from './transport/http-dead-letter.transport.js';
export { DeadLetterAdminController } from './admin/dead-letter-admin.controller.js';
export { DeadLetterReplayAdminController } from './admin/dead-letter-replay-admin.controller.js';
export { buildDeadLetterOpenApi } from './admin/dead-letter-openapi.factory.js';
export {
  DeadLetterNotFoundError,
  isDeadLetterNotFoundError,
} from './errors/dead-letter-not-found.error.js';
export {
  DeadLetterConflictError,
  isDeadLetterConflictError,
} from './errors/dead-letter-conflict.error.js';
export {
  DeadLetterQueueFullError,
  isDeadLetterQueueFullError,
} from './errors/dead-letter-queue-full.error.js';
export {
  DeadLetterStoreUnavailableError,
  isDeadLetterStoreUnavailableError,
} from './errors/dead-letter-store-unavailable.error.js';
export {
  DeadLetterTransportMissingError,
  isDeadLetterTransportMissingError,
} from './errors/dead-letter-transport-missing.error.js';
export { BulkReplayNotFoundError } from './errors/bulk-replay-not-found.error.js';
export { InvalidDeadLetterCursorError } from './errors/invalid-dead-letter-cursor.error.js';
export { DeadLetterEntity } from './typeorm/dead-letter.entity.js';
export { ErrorLogEntity } from './typeorm/error-log.entity.js';
export { CreateDeadLetterTablesMigration } from './typeorm/create-dead-letter-tables.migration.js';
export {
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
} from './typeorm/dead-letter-typeorm.constants.js';
export { TypeOrmDeadLetterStore } from './typeorm/typeorm-dead-letter.store.js';
export { TypeOrmErrorLogStore } from './typeorm/typeorm-error-log.store.js';
