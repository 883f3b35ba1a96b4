import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DeadLetterTransport,
  DeadLetterTransportRegistry,
  type DeadLetterDelivery,
} from '@nest-resilience/dead-letters';
import { WorkflowReplayService } from '@nest-resilience/workflows';
import {
  INTEGRATION_SCHEME,
  parseIntegrationDestination,
} from './integration-destination.js';

/**
 * Replays the integration engine's dead letters (`integration:` destinations) by resuming from
 * the stored checkpoint, not by sending the payload again: `integration:message/<id>` resumes the
 * message at its first unfinished step, `integration:compensation/<id>/<step>` runs that undo.
 */
@Injectable()
export class IntegrationDeadLetterTransport
  extends DeadLetterTransport
  implements OnModuleInit
{
  readonly schemes = [INTEGRATION_SCHEME] as const;

  constructor(
    private readonly registry: DeadLetterTransportRegistry,
    private readonly replays: WorkflowReplayService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  /**
   * @throws TypeError for a destination this engine never writes; whatever stopped the replay
   */
  async deliver(delivery: DeadLetterDelivery): Promise<void> {
    const target = parseIntegrationDestination(delivery.destination);
    if (!target)
      throw new TypeError(
        `Not an integration engine destination: ${delivery.destination}`,
      );
    if (target.kind === 'message') await this.replays.replayMessage(target.id);
    else await this.replays.replayCompensation(target.id, target.step);
  }
}
