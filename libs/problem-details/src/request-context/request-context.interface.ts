/** What the process knows about the request or message it is working on. */
export interface RequestContextState {
  /** Correlation id: the caller's sane `X-Request-Id`, or one generated on arrival. */
  readonly requestId: string;
  /** `Date.now()` when the request or message arrived. */
  readonly startedAt: number;
  /** How the work arrived. */
  readonly transport: 'http' | 'rpc';
  /** Message pattern (RPC only). */
  readonly pattern?: string;
  /** Whether the RPC handler answers (`@MessagePattern`) or not (`@EventPattern`). */
  readonly handlerKind?: 'message' | 'event';
  /** Id of the incoming message where the transport or payload carries one (RPC only). */
  readonly messageId?: string;
}
