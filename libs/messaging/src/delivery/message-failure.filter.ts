import { Catch, Inject, Injectable, Optional } from '@nestjs/common';
import { ErrorClassifier } from '@nest-resilience/resilience';
import {
  ErrorLogStore,
  ResilienceExceptionFilter,
  type ResilienceFilterOptions,
  RESILIENCE_FILTER_OPTIONS,
} from '@nest-resilience/problem-details';
import { AtMostOnceDeadLetterer } from './at-most-once.dead-letterer.js';
import { MessageDeliveryFailureHandler } from './message-delivery-failure.handler.js';

/**
 * The exception filter of `@ResilientConsumer()` classes: the library's envelope filter (same
 * logging, same envelope, same classification), whose event-failure hook is the messaging
 * one. A failed event is recorded on its delivery, which the durable transport then settles
 * (and only then acknowledges), or, on a transport that cannot redeliver, dead-lettered.
 * Consumers therefore never depend on how `ProblemDetailsModule` was given its
 * `unhandledEventHandler`: a failure can never be mistaken for a success and acknowledged.
 */
@Catch()
@Injectable()
export class MessageFailureFilter extends ResilienceExceptionFilter {
  // Same positions as the base class's parameters, each with an explicit token: the base's
  // parameter decorators are inherited by position.
  constructor(
    @Inject(ErrorClassifier) classifier: ErrorClassifier,
    @Optional()
    @Inject(RESILIENCE_FILTER_OPTIONS)
    options: Partial<ResilienceFilterOptions> | undefined,
    @Optional() @Inject(ErrorLogStore) errorLog: ErrorLogStore | undefined,
    @Inject(AtMostOnceDeadLetterer) deadLetterer: AtMostOnceDeadLetterer,
  ) {
    const hook = new MessageDeliveryFailureHandler();
    hook.attach((failure) => deadLetterer.deadLetter(failure));
    super(classifier, options, errorLog, hook);
  }
}
