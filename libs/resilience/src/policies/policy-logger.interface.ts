/**
 * The little the policies need of a logger. Nest's `Logger` fits it as is; the policies stay
 * free of Nest so they can be tested with plain functions.
 */
export interface PolicyLogger {
  warn(message: string): void;
}
