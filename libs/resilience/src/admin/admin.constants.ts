import type { Request } from 'express';
import type { AdminPrincipal } from './admin-principal.interface.js';

/** Request property under which `AdminTokenGuard` leaves the authenticated principal. */
export const ADMIN_PRINCIPAL = Symbol.for('RESILIENCE:admin-principal');

/** Metadata key of `@AdminAction()`. */
export const ADMIN_ACTION_METADATA = 'RESILIENCE:admin-action';

/** Methods a read-only token may use. */
export const ADMIN_READ_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
]);

/** The principal `AdminTokenGuard` authenticated for `request`, if it ran. */
export function adminPrincipalOf(request: Request): AdminPrincipal | undefined {
  return (request as unknown as Record<symbol, AdminPrincipal | undefined>)[
    ADMIN_PRINCIPAL
  ];
}

/** Leaves `principal` on `request` for `@AdminActor()` and the audit log. */
export function attachAdminPrincipal(
  request: Request,
  principal: AdminPrincipal,
): void {
  Object.defineProperty(request, ADMIN_PRINCIPAL, {
    value: Object.freeze({ ...principal }),
    enumerable: false,
    configurable: true,
  });
}
