import type { Request } from 'express';

/** How `@AdminAction()` describes the action of a route in the audit log. */
export interface AdminActionOptions {
  /**
   * What the action is on: the name of a route parameter (`'id'`), or a function of the
   * request and the handler's result (`undefined` when the action failed or was refused).
   * @default none
   */
  target?: string | ((request: Request, result: unknown) => string | undefined);
  /**
   * What else to record, from the request and the handler's result (`undefined` when the
   * action failed). Only what an auditor may see: it is stored as it is. @default none
   */
  details?: (
    request: Request,
    result: unknown,
  ) => Record<string, unknown> | undefined;
}

/** What `@AdminAction()` records on a route. */
export interface AdminActionSpec extends AdminActionOptions {
  /** The action's name in the audit log, for example `breaker.open`. */
  action: string;
}
