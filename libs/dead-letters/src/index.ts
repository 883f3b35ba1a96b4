// Module
export { DeadLetterModule } from './dead-letter.module.js';
export type {
  BulkReplayOptions,
  DeadLetterAlertOptions,
  DeadLetterHealthOptions,
  DeadLetterModuleOptions,
} from './dead-letter-module-options.interface.js';
export { DEFAULT_SENSITIVE_KEYS } from './sensitive-keys.constants.js';
// Dead letters: recording, reading, resolving
export { DeadLetterService } from './dead-letter.service.js';
export { DeadLetterStatus } from './dead-letter-status.enum.js';
export type {
  DeadLetter,
  DeadLetterErrorInfo,
  DeadLetterResolution,
} from './dead-letter.interface.js';
export type {
  DeadLetterInput,
  ExternalDeadLetterInput,
} from './dead-letter-input.interface.js';
export type {
  DeadLetterCursor,
  DeadLetterFilter,
  DeadLetterPage,
  DeadLetterStats,
} from './dead-letter-query.interface.js';
// Storage: the port, and the tables of the default TypeORM store for the app's data source
export {
  DeadLetterStore,
  type DeadLetterClaim,
  type DeadLetterReEncryption,
} from './dead-letter.store.js';
export {
  DEAD_LETTER_ENTITIES,
  DEAD_LETTER_MIGRATIONS,
} from './typeorm/dead-letter-typeorm.constants.js';
// Encryption at rest: the port stores seal with, and the keys' text form
export { DeadLetterCipher } from './encryption/dead-letter.cipher.js';
export type { DeadLetterEncryptionKey } from './encryption/dead-letter-encryption-key.interface.js';
export { parseDeadLetterEncryptionKeys } from './encryption/dead-letter-encryption-keys.parser.js';
// Replay, by destination scheme through pluggable transports
export { DeadLetterReplayService } from './replay/dead-letter-replay.service.js';
export {
  DeadLetterBulkReplayService,
  type BulkReplayRequest,
} from './replay/dead-letter-bulk-replay.service.js';
export type {
  BulkReplayProgress,
  BulkReplayState,
} from './replay/bulk-replay-progress.interface.js';
export type {
  ReplayConfirmation,
  ReplayedMessageRef,
} from './replay/replay-confirmation.interface.js';
// Bulk replay jobs' storage: the port, and the store for a dead letter store without TypeORM
export {
  BulkReplayJobStore,
  type BulkReplayLease,
} from './replay/bulk-replay-job.store.js';
export type {
  BulkReplayCheckpoint,
  BulkReplayCounters,
  BulkReplayJobRecord,
  BulkReplayLeaseState,
} from './replay/bulk-replay-job-record.interface.js';
export { InMemoryBulkReplayJobStore } from './replay/in-memory-bulk-replay-job.store.js';
export { DeadLetterTransport } from './transport/dead-letter.transport.js';
export type { DeadLetterDelivery } from './transport/dead-letter-delivery.interface.js';
export { DeadLetterTransportRegistry } from './transport/dead-letter-transport.registry.js';
export { DEAD_LETTER_ID_HEADER } from './transport/http-dead-letter.transport.js';
// Maintenance, health and the admin API's description
export {
  DeadLetterMaintenanceService,
  REPLAY_UNCONFIRMED_CODE,
  type DeadLetterMaintenanceReport,
  type DeadLetterReEncryptionReport,
} from './dead-letter-maintenance.service.js';
export { DeadLetterHealthIndicator } from './dead-letter.health.js';
export { buildDeadLetterOpenApi } from './admin/dead-letter-openapi.factory.js';
// Errors
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
export {
  DeadLetterDecryptionError,
  isDeadLetterDecryptionError,
} from './errors/dead-letter-decryption.error.js';
export {
  InvalidDeadLetterEncryptionKeyError,
  isInvalidDeadLetterEncryptionKeyError,
} from './errors/invalid-dead-letter-encryption-key.error.js';
export {
  InvalidDeadLetterOptionsError,
  isInvalidDeadLetterOptionsError,
} from './errors/invalid-dead-letter-options.error.js';
export { BulkReplayNotFoundError } from './errors/bulk-replay-not-found.error.js';
export {
  ErrorLogEntryNotFoundError,
  isErrorLogEntryNotFoundError,
} from './errors/error-log-entry-not-found.error.js';
export {
  ErrorLogEntryResolvedError,
  isErrorLogEntryResolvedError,
} from './errors/error-log-entry-resolved.error.js';
export { InvalidDeadLetterCursorError } from './errors/invalid-dead-letter-cursor.error.js';
