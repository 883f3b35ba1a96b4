import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { AdminAuditPage } from './admin-audit-entry.interface.js';
import { parseAdminAuditQuery } from './admin-audit-query.parser.js';
import { AdminAuditService } from './admin-audit.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/**
 * `GET /admin/audit`: the audit log of admin actions, newest first, with keyset pagination
 * like the other admin listings. Filters `actor`, `action`, `outcome`; `limit` (1 to 500,
 * default 50) and `cursor` (the `nextCursor` of the previous page). Read-only tokens may list.
 * Add it to an application module's `controllers`.
 */
@Controller('admin/audit')
@UseGuards(AdminTokenGuard)
export class AdminAuditController {
  constructor(private readonly audit: AdminAuditService) {}

  /** @throws InvalidAdminAuditQueryError for a parameter it does not know or take (400) */
  @Get()
  list(@Query() query: Record<string, unknown>): Promise<AdminAuditPage> {
    return this.audit.list(parseAdminAuditQuery(query));
  }
}
