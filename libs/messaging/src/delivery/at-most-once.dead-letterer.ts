import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DeadLetterService } from '@nest-resilience/dead-letters';
import {
  UnhandledEventErrorHandler,
  type UnhandledEventError,
} from '@nest-resilience/problem-details';
import { isMessageAttemptsExhaustedError } from '../errors/message-attempts-exhausted.error.js';
import { MessageDeliveryFailureHandler } from './message-delivery-failure.handler.js';

/**
 * Connects the dead letter queue to the {@link MessageDeliveryFailureHandler} at start, for
 * event failures on transports that cannot redeliver (Nest's Redis, core NATS, TCP): after
 * the handler's in-process retries, the event is dead-lettered with its pattern, payload and
 * the classified error, `source` and `destination` `<transport>:<pattern>`.
 */
@Injectable()
export class AtMostOnceDeadLetterer implements OnModuleInit {
  constructor(
    private readonly deadLetters: DeadLetterService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    // The hook is ProblemDetailsModule's, which an app may leave out: looked up, not injected.
    let handler: unknown;
    try {
      handler = this.moduleRef.get(UnhandledEventErrorHandler, {
        strict: false,
      });
    } catch {
      return;
    }
    if (handler instanceof MessageDeliveryFailureHandler) {
      handler.attach((failure) => this.deadLetter(failure));
    }
  }

  /** Dead-letters the failure of an event that cannot be redelivered. */
  async deadLetter(failure: UnhandledEventError): Promise<void> {
    const transport = transportOf(failure.context);
    const pattern = failure.pattern ?? 'unknown';
    const error =
      isMessageAttemptsExhaustedError(failure.error) &&
      failure.error.cause !== undefined
        ? failure.error.cause
        : failure.error;
    await this.deadLetters.deadLetter({
      source: `${transport}:${pattern}`,
      destination: `${transport}:${pattern}`,
      pattern,
      payload: failure.data,
      error,
      ...(failure.messageId === undefined
        ? {}
        : { messageId: failure.messageId }),
      ...(failure.envelope.requestId
        ? { requestId: failure.envelope.requestId }
        : {}),
    });
  }
}

function transportOf(context: unknown): string {
  const name =
    typeof context === 'object' && context !== null
      ? context.constructor.name
      : '';
  // RedisContext -> redis, NatsContext -> nats, TcpContext -> tcp.
  return name.endsWith('Context') && name.length > 'Context'.length
    ? name.slice(0, -'Context'.length).toLowerCase()
    : 'rpc';
}
