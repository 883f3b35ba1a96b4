import { NatsContext } from '@nestjs/microservices';
import type { MsgHdrs } from 'nats';

/**
 * The RPC context of a JetStream message: Nest's `NatsContext` (subject and headers), plus the
 * message's pattern, which on a stream differs from the subject it was published to.
 */
export class JetStreamContext extends NatsContext {
  constructor(
    subject: string,
    headers: MsgHdrs | undefined,
    private readonly pattern: string,
  ) {
    super([subject, headers as never]);
  }

  /** The pattern the message was published under (`ORDER_SHIPPED`). */
  getPattern(): string {
    return this.pattern;
  }
}
