import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AdminUnauthenticatedError } from './admin-access.error.js';
import { adminPrincipalOf } from './admin.constants.js';

/**
 * The name of the admin token that made the request, as `AdminTokenGuard` authenticated it:
 * the one actor to record for what the route does (never a body field).
 *
 * @example
 * ```ts
 * resolve(@Param('id') id: string, @AdminActor() actor: string) { ... }
 * ```
 * @throws AdminUnauthenticatedError on a route `AdminTokenGuard` does not guard
 */
export const AdminActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => {
    const principal = adminPrincipalOf(
      context.switchToHttp().getRequest<Request>(),
    );
    if (!principal) throw new AdminUnauthenticatedError();
    return principal.name;
  },
);
