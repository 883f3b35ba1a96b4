import { EventPattern, Payload } from '@nestjs/microservices';
import { ResilientConsumer } from '@nest-resilience/messaging';
import { WorkflowEngine } from '@nest-resilience/workflows';
import { SubmitIntegrationMessageDto } from '../dto/submit-integration-message.dto.js';

/** Pattern of the messages the engine consumes from the durable transport. */
export const INTEGRATION_MESSAGE_PATTERN = 'integration.message';

/**
 * The engine's durable entry: messages published under {@link INTEGRATION_MESSAGE_PATTERN}
 * (RabbitMQ through the messaging module's durable server, manual ack) are handed to the same
 * `WorkflowEngine.submit()` as HTTP. The handler resolves once the message is stored, so the
 * broker's ack follows a durable write; a redelivery with the same `messageId` finds the stored
 * message instead of starting it twice. An invalid body or unknown type is a permanent failure
 * the messaging module dead-letters.
 */
@ResilientConsumer()
export class IntegrationMessageConsumer {
  constructor(private readonly engine: WorkflowEngine) {}

  @EventPattern(INTEGRATION_MESSAGE_PATTERN)
  async onMessage(
    @Payload() message: SubmitIntegrationMessageDto,
  ): Promise<void> {
    await this.engine.submit(message);
  }
}
