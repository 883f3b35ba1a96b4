/** What kind of failure an error is; the taxonomy every decision in the library starts from. */
export enum ErrorCategory {
  /** Passing: a retry may succeed (network blips, 5xx, deadlocks, timeouts). */
  TRANSIENT = 'TRANSIENT',
  /** Will fail again the same way: do not retry (4xx, malformed input). */
  PERMANENT = 'PERMANENT',
  /** The system is set up wrong (missing setting, bad URL). */
  CONFIGURATION = 'CONFIGURATION',
  /** A domain rule refused the request (invalid state transition, conflict). */
  BUSINESS_LOGIC = 'BUSINESS_LOGIC',
  /** A dependency is unavailable or refusing work (open circuit, upstream down). */
  EXTERNAL_DEPENDENCY = 'EXTERNAL_DEPENDENCY',
  /** Out of a resource: memory, file handles, disk, a full bulkhead or queue. */
  RESOURCE_EXHAUSTION = 'RESOURCE_EXHAUSTION',
  /** Authentication or authorization failed. */
  SECURITY = 'SECURITY',
  /** Stored or received data is inconsistent or corrupt. */
  DATA_CORRUPTION = 'DATA_CORRUPTION',
}

/** How urgent an error is for an operator. */
export enum ErrorSeverity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
