import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import type { FeatureToggleState } from '../toggles/feature-toggle.interface.js';
import { parseFeatureToggleChange } from '../toggles/feature-toggle-change.parser.js';
import { FeatureToggles } from '../toggles/feature.toggles.js';
import { AdminAction } from './admin-action.decorator.js';
import { AdminActor } from './admin-actor.decorator.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/**
 * Operator API of the feature toggles: `GET /admin/features` lists every toggle with its value
 * and where it comes from (`default`, `config`, `runtime`); `PUT /admin/features/:name` with
 * `{ "enabled": false }` switches one at run time, for every instance sharing the toggle store.
 * Each change is written to the audit log (`feature.set`, with the value asked for). Add it to
 * an application module's `controllers`; it needs the admin bearer tokens of `ResilienceModule`.
 */
@Controller('admin/features')
@UseGuards(AdminTokenGuard)
export class FeatureToggleAdminController {
  constructor(private readonly toggles: FeatureToggles) {}

  /** Every toggle, by name. */
  @Get()
  list(): { features: FeatureToggleState[] } {
    return { features: this.toggles.list() };
  }

  /**
   * @throws FeatureToggleNotFoundError for an unknown name (404)
   * @throws InvalidFeatureToggleChangeError for any body but `{ enabled: boolean }` (400)
   */
  @Put(':name')
  @AdminAction('feature.set', { target: 'name', details: changeDetails })
  set(
    @Param('name') name: string,
    @Body() body: unknown,
    @AdminActor() actor: string,
  ): Promise<FeatureToggleState> {
    this.toggles.state(name);
    const { enabled } = parseFeatureToggleChange(body);
    return this.toggles.set(name, enabled, actor);
  }
}

/** The value asked for, when the body held one. */
function changeDetails(request: Request): Record<string, unknown> | undefined {
  const enabled = (request.body as { enabled?: unknown } | undefined)?.enabled;
  return typeof enabled === 'boolean' ? { enabled } : undefined;
}
