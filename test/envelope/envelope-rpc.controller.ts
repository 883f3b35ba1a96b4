import { Controller } from '@nestjs/common';
import {
  Ctx,
  EventPattern,
  MessagePattern,
  Payload,
} from '@nestjs/microservices';
import { CircuitOpenError } from '@nest-resilience/resilience';
import { RequestContext } from '@nest-resilience/problem-details';
import { OrderLineDto } from './envelope-test.dto.js';
import { OrderNotFoundError } from './envelope-test.errors.js';

/** Microservice handlers that fail, over the TCP transport. */
@Controller()
export class EnvelopeRpcController {
  @MessagePattern('orders.find')
  find(@Payload() data: { id: string }) {
    throw new OrderNotFoundError(data.id);
  }

  @MessagePattern('orders.crash')
  crash() {
    throw new Error('secret /etc/passwd SELECT * FROM users');
  }

  @MessagePattern('orders.line')
  line(@Payload() line: OrderLineDto) {
    return line;
  }

  @MessagePattern('orders.context')
  context(@Ctx() _context: unknown) {
    return RequestContext.current();
  }

  @EventPattern('orders.created')
  created(@Payload() _event: { messageId: string; orderId: string }) {
    throw new CircuitOpenError('delivery-service', 1_500);
  }
}
