import {
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  AdminForbiddenError,
  AdminUnauthenticatedError,
} from './admin-access.error.js';
import type { AdminActionSpec } from './admin-action.interface.js';
import { adminActionTarget } from './admin-audit.interceptor.js';
import { AdminAuditService } from './admin-audit.service.js';
import { AdminTokenRegistry } from './admin-token.registry.js';
import {
  ADMIN_ACTION_METADATA,
  ADMIN_READ_METHODS,
  attachAdminPrincipal,
} from './admin.constants.js';

/**
 * Guards the `/admin` routes with bearer tokens (see {@link AdminTokenRegistry}): a full admin
 * may read and act, a read-only token may only read (GET, HEAD, OPTIONS). The authenticated
 * principal is left on the request for `@AdminActor()` and the audit log. A read-only token's
 * refused action is written to the audit log (`REFUSED`); a request without a valid token is
 * not, since it has no actor.
 *
 * @throws AdminUnauthenticatedError without a valid token (401 with `WWW-Authenticate`)
 * @throws AdminForbiddenError when a read-only token asks for an action (403)
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly tokens: AdminTokenRegistry,
    private readonly audit: AdminAuditService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const authorization = request.headers.authorization;
    const principal = this.tokens.authenticate(authorization);
    if (!principal) {
      throw new AdminUnauthenticatedError(
        AdminTokenRegistry.presentsBearer(authorization),
      );
    }
    attachAdminPrincipal(request, principal);
    if (principal.access === 'full' || ADMIN_READ_METHODS.has(request.method)) {
      return true;
    }
    const spec = this.reflector.get<AdminActionSpec | undefined>(
      ADMIN_ACTION_METADATA,
      context.getHandler(),
    );
    await this.audit.record(request, principal, {
      action: spec?.action ?? routeOf(request),
      target: adminActionTarget(spec, request, undefined),
      outcome: 'REFUSED',
    });
    throw new AdminForbiddenError();
  }
}

// A route without `@AdminAction()` is named by its method and path pattern.
function routeOf(request: Request): string {
  const route = (request as { route?: { path?: unknown } }).route?.path;
  const path =
    typeof route === 'string' ? route : (request.path ?? request.url ?? '');
  return `${request.method} ${path}`.slice(0, 100);
}
