import {
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import type { CircuitBreakerPolicy } from '../breakers/circuit-breaker.policy.js';
import type { CircuitBreakerStats } from '../breakers/circuit-breaker-stats.interface.js';
import { AdminAction } from './admin-action.decorator.js';
import { AdminActor } from './admin-actor.decorator.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { BreakerNotFoundError } from './breaker-not-found.error.js';

/**
 * Operator API of the circuit breakers: read their state and stats, and force them open, closed
 * or back to a fresh window. Add it to an application module's `controllers`; it needs the
 * admin bearer tokens of `ResilienceModule`. Each forced change is logged with the token's name
 * and written to the audit log (`breaker.open`, `breaker.close`, `breaker.reset`).
 */
@Controller('admin/resilience/breakers')
@UseGuards(AdminTokenGuard)
export class CircuitBreakerAdminController {
  private readonly logger = new Logger('CircuitBreakerAdmin');

  constructor(private readonly registry: CircuitBreakerRegistry) {}

  /** Every breaker with its state and stats. */
  @Get()
  list(): { breakers: CircuitBreakerStats[] } {
    return { breakers: this.registry.stats() };
  }

  /** @throws BreakerNotFoundError for an unknown name */
  @Get(':name')
  one(@Param('name') name: string): CircuitBreakerStats {
    return this.breaker(name).stats();
  }

  /** Opens the circuit: calls fail fast until it is closed or its reset timeout elapses. */
  @Post(':name/open')
  @HttpCode(200)
  @AdminAction('breaker.open', { target: 'name', details: stateOf })
  open(
    @Param('name') name: string,
    @AdminActor() actor: string,
  ): CircuitBreakerStats {
    const breaker = this.breaker(name);
    breaker.open();
    this.logger.log(`Circuit ${name} opened by ${actor}`);
    return breaker.stats();
  }

  /** Closes the circuit, keeping its statistics window. */
  @Post(':name/close')
  @HttpCode(200)
  @AdminAction('breaker.close', { target: 'name', details: stateOf })
  close(
    @Param('name') name: string,
    @AdminActor() actor: string,
  ): CircuitBreakerStats {
    const breaker = this.breaker(name);
    breaker.close();
    this.logger.log(`Circuit ${name} closed by ${actor}`);
    return breaker.stats();
  }

  /** Closes the circuit and starts a fresh statistics window. */
  @Post(':name/reset')
  @HttpCode(200)
  @AdminAction('breaker.reset', { target: 'name', details: stateOf })
  reset(
    @Param('name') name: string,
    @AdminActor() actor: string,
  ): CircuitBreakerStats {
    const breaker = this.breaker(name);
    breaker.reset();
    this.logger.log(`Circuit ${name} reset by ${actor}`);
    return breaker.stats();
  }

  private breaker(name: string): CircuitBreakerPolicy {
    const breaker = this.registry.get(name);
    if (!breaker) throw new BreakerNotFoundError(name);
    return breaker;
  }
}

function stateOf(
  _request: unknown,
  result: unknown,
): Record<string, unknown> | undefined {
  const state = (result as Partial<CircuitBreakerStats> | undefined)?.state;
  return state === undefined ? undefined : { state };
}
