import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type {
  AdminActionOptions,
  AdminActionSpec,
} from './admin-action.interface.js';
import { AdminAuditInterceptor } from './admin-audit.interceptor.js';
import { ADMIN_ACTION_METADATA } from './admin.constants.js';

/**
 * Marks an admin route as an action of the audit log: each call by a full admin writes one
 * entry (`SUCCEEDED`, or `FAILED` with the error's code), and a read-only token's refused call
 * writes one too (`REFUSED`, by `AdminTokenGuard`). Put it on every route that changes
 * something, next to `@UseGuards(AdminTokenGuard)`.
 *
 * @example
 * ```ts
 * @Post(':name/open')
 * @AdminAction('breaker.open', { target: 'name' })
 * open(@Param('name') name: string, @AdminActor() actor: string) { ... }
 * ```
 * @param action the action's name in the audit log
 */
export function AdminAction(
  action: string,
  options: AdminActionOptions = {},
): MethodDecorator {
  const spec: AdminActionSpec = { ...options, action };
  return applyDecorators(
    SetMetadata(ADMIN_ACTION_METADATA, spec),
    UseInterceptors(AdminAuditInterceptor),
  );
}
