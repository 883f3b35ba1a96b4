/**
 * Who made an admin request: the name of the bearer token it presented, and what that token
 * may do. Set on the request by `AdminTokenGuard`, read with `@AdminActor()`.
 */
export interface AdminPrincipal {
  /** The token's name: `admin` (`token`), `readonly` (`readonlyToken`) or a named token's. */
  name: string;
  /** `full` may read and act; `read` may only read (GET, HEAD, OPTIONS). */
  access: 'full' | 'read';
}

/** One named admin token of `ResilienceModuleOptions.admin.tokens`. */
export interface AdminTokenSpec {
  /** Recorded as the actor of what the token does: letters, digits, `.`, `_`, `@`, `-`. */
  name: string;
  /** The bearer token itself. */
  token: string;
  /** Whether it may only read. @default false */
  readonly?: boolean;
}
