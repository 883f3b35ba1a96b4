import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  catchError,
  from,
  map,
  mergeMap,
  throwError,
  type Observable,
} from 'rxjs';
import { ErrorClassifier } from '../classification/error-classifier.js';
import type { AdminActionSpec } from './admin-action.interface.js';
import { AdminAuditService } from './admin-audit.service.js';
import { ADMIN_ACTION_METADATA, adminPrincipalOf } from './admin.constants.js';

/**
 * Writes the audit entry of a route marked with `@AdminAction()` once its handler has
 * answered: `SUCCEEDED`, or `FAILED` with the public code of the error (validation of the
 * body included, since pipes run inside). Bound by `@AdminAction()` itself.
 */
@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AdminAuditService,
    private readonly classifier: ErrorClassifier,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<AdminActionSpec | undefined>(
      ADMIN_ACTION_METADATA,
      context.getHandler(),
    );
    if (!spec || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const principal = adminPrincipalOf(request);
    // Without the guard there is nobody to attribute the action to; it refuses such calls.
    if (!principal) return next.handle();
    return next.handle().pipe(
      mergeMap((result: unknown) =>
        from(
          this.audit.record(request, principal, {
            action: spec.action,
            target: adminActionTarget(spec, request, result),
            outcome: 'SUCCEEDED',
            details: adminActionDetails(spec, request, result),
          }),
        ).pipe(map(() => result)),
      ),
      catchError((error: unknown) =>
        from(
          this.audit.record(request, principal, {
            action: spec.action,
            target: adminActionTarget(spec, request, undefined),
            outcome: 'FAILED',
            details: {
              ...adminActionDetails(spec, request, undefined),
              code: this.classifier.classify(error).code,
            },
          }),
        ).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}

/** What an action is on, per its `@AdminAction()` options; never throws. */
export function adminActionTarget(
  spec: AdminActionSpec | undefined,
  request: Request,
  result: unknown,
): string | undefined {
  const target = spec?.target;
  try {
    const value =
      typeof target === 'function'
        ? target(request, result)
        : target === undefined
          ? undefined
          : (request.params as Record<string, unknown> | undefined)?.[target];
    return typeof value === 'string' && value !== ''
      ? value.slice(0, 255)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The details an action records, per its `@AdminAction()` options; never throws. */
export function adminActionDetails(
  spec: AdminActionSpec | undefined,
  request: Request,
  result: unknown,
): Record<string, unknown> | undefined {
  try {
    return spec?.details?.(request, result);
  } catch {
    return undefined;
  }
}
