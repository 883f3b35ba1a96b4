import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { AdminTokenRegistry } from '@nest-resilience/resilience';

/** Name of the admin routes' throttler (its headers end in `-admin`). */
export const ADMIN_THROTTLER = 'admin';

const ADMIN_PATH = /^\/admin(?:\/|$)/;

/** Whether a request is for an `/admin` route: those count against the admin limit only. */
export function isAdminRequest(context: ExecutionContext): boolean {
  if (context.getType() !== 'http') return false;
  const request = context.switchToHttp().getRequest<Request>();
  const url = request.originalUrl ?? request.url ?? '';
  return ADMIN_PATH.test(url.split('?', 1)[0]);
}

/**
 * The throttler of the `/admin` routes, apart from the public one: `limitPerMinute` requests
 * a minute across every admin route, counted per principal (the name of a valid admin token),
 * or per client address for requests without a valid token, so guessing tokens is limited too.
 */
export function createAdminThrottler(
  limitPerMinute: number,
  tokens: AdminTokenRegistry,
): ThrottlerOptions {
  return {
    name: ADMIN_THROTTLER,
    ttl: 60_000,
    limit: limitPerMinute,
    skipIf: (context) => !isAdminRequest(context),
    getTracker: (request: Record<string, unknown>) => {
      const req = request as unknown as Request;
      const principal = tokens.authenticate(req.headers.authorization);
      return principal
        ? `principal:${principal.name}`
        : `client:${req.ip ?? 'unknown'}`;
    },
    // One count for all admin routes, not one per route as the public limit has.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
  };
}
