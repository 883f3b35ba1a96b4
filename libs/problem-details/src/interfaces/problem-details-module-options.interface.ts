import type { ErrorLogStore } from '../error-log/error-log.store.js';
import type { ResilienceFilterOptions } from '../filters/resilience-filter-options.interface.js';
import type { UnhandledEventErrorHandler } from '../filters/unhandled-event-error.handler.js';

/**
 * Options of `ProblemDetailsModule.forRoot()` / `forRootAsync()`: how errors are rendered
 * (production safety, debug member, request timeout, languages), where serious ones are
 * recorded, and who hears of failed event handlers.
 */
export interface ProblemDetailsModuleOptions extends Partial<ResilienceFilterOptions> {
  /** Where HIGH and CRITICAL errors are recorded. @default an `InMemoryErrorLogStore` */
  errorLog?: ErrorLogStore;
  /**
   * Receives the failures of `@EventPattern` handlers, which have nobody to answer to (the
   * messaging module dead-letters them). @default log only
   */
  unhandledEventHandler?: UnhandledEventErrorHandler;
}
