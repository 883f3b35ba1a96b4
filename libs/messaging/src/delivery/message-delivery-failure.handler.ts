import { Logger } from '@nestjs/common';
import {
  UnhandledEventErrorHandler,
  type UnhandledEventError,
} from '@nest-resilience/problem-details';
import { MessageDelivery } from './message-delivery.js';

/** Receives the failures of event handlers on transports that cannot redeliver. */
export type AtMostOnceFailureSink = (
  failure: UnhandledEventError,
) => Promise<void>;

/**
 * The `UnhandledEventErrorHandler` of an application using the messaging module: give it to
 * `ProblemDetailsModule.forRoot({ unhandledEventHandler })`. It needs nothing injected, so it
 * can be built before the module graph exists:
 *
 * - on the library's durable transports (RabbitMQ, JetStream, in-process) it records the failure
 *   on the message's delivery; the transport then settles it (dead-letter, redeliver or park) and
 *   acknowledges only afterwards;
 * - on other transports (Nest's Redis, TCP, core NATS), which cannot redeliver, the failure
 *   goes to the sink the messaging module attaches at start: the dead letter queue.
 */
export class MessageDeliveryFailureHandler extends UnhandledEventErrorHandler {
  private readonly logger = new Logger('MessageDeliveryFailure');
  private sink?: AtMostOnceFailureSink;

  /** Attaches where failures of at-most-once transports go (the messaging module does it). */
  attach(sink: AtMostOnceFailureSink): void {
    this.sink = sink;
  }

  async handle(failure: UnhandledEventError): Promise<void> {
    const delivery = MessageDelivery.of(failure.context);
    if (delivery) {
      delivery.fail(failure.error, failure.classification);
      return;
    }
    if (!this.sink) {
      // The filter has logged the failure; without a sink there is nowhere else to keep it.
      this.logger.warn(
        `No dead letter sink attached; ${failure.pattern ?? 'an event'} is dropped`,
      );
      return;
    }
    await this.sink(failure);
  }
}
