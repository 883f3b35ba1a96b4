import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request } from 'express';
import type { ResilienceModuleOptions } from '../interfaces/resilience-module-options.interface.js';
import { RESILIENCE_MODULE_OPTIONS } from '../resilience.module-definition.js';
import {
  AdminForbiddenError,
  AdminUnauthenticatedError,
} from './admin-access.error.js';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Guards the `/admin` routes with bearer tokens: the admin token may read and act, the
 * read-only token may only read (GET). No token, or no token configured, is 401.
 *
 * @throws AdminUnauthenticatedError without a valid token
 * @throws AdminForbiddenError when a read-only token asks for an action
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly adminToken?: Buffer;
  private readonly readonlyToken?: Buffer;

  constructor(
    @Inject(RESILIENCE_MODULE_OPTIONS) options: ResilienceModuleOptions,
  ) {
    this.adminToken = digest(options.admin?.token);
    this.readonlyToken = digest(options.admin?.readonlyToken);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const presented = digest(match?.[1]);
    if (presented && same(presented, this.adminToken)) return true;
    if (presented && same(presented, this.readonlyToken)) {
      if (READ_METHODS.has(request.method)) return true;
      throw new AdminForbiddenError();
    }
    throw new AdminUnauthenticatedError();
  }
}

// Comparing fixed-length digests keeps the comparison constant-time whatever the token length.
function digest(token: string | undefined): Buffer | undefined {
  return token ? createHash('sha256').update(token).digest() : undefined;
}

function same(a: Buffer, b: Buffer | undefined): boolean {
  return b !== undefined && timingSafeEqual(a, b);
}
