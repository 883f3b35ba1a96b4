import { Module } from '@nestjs/common';
import { IntegrationModule } from '../integration.module.js';
import { IntegrationMessageConsumer } from './integration-message.consumer.js';

/**
 * The integration engine's durable consumer, apart from `IntegrationModule` because it needs the
 * messaging module (`ResilientMessagingModule`, global) and a connected durable server, which an
 * application without a broker does not have.
 */
@Module({
  imports: [IntegrationModule],
  controllers: [IntegrationMessageConsumer],
})
export class IntegrationConsumerModule {}
