import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { CircuitBreakerRegistry } from '../breakers/circuit-breaker.registry.js';
import type { CircuitBreakerPolicy } from '../breakers/circuit-breaker.policy.js';
import type { CircuitBreakerStats } from '../breakers/circuit-breaker-stats.interface.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { BreakerNotFoundError } from './breaker-not-found.error.js';

/**
 * Operator API of the circuit breakers: read their state and stats, and force them open, closed
 * or back to a fresh window. Add it to an application module's `controllers`; it needs the
 * admin bearer tokens of `ResilienceModule`.
 */
@Controller('admin/resilience/breakers')
@UseGuards(AdminTokenGuard)
export class CircuitBreakerAdminController {
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
  open(@Param('name') name: string): CircuitBreakerStats {
    const breaker = this.breaker(name);
    breaker.open();
    return breaker.stats();
  }

  /** Closes the circuit, keeping its statistics window. */
  @Post(':name/close')
  @HttpCode(200)
  close(@Param('name') name: string): CircuitBreakerStats {
    const breaker = this.breaker(name);
    breaker.close();
    return breaker.stats();
  }

  /** Closes the circuit and starts a fresh statistics window. */
  @Post(':name/reset')
  @HttpCode(200)
  reset(@Param('name') name: string): CircuitBreakerStats {
    const breaker = this.breaker(name);
    breaker.reset();
    return breaker.stats();
  }

  private breaker(name: string): CircuitBreakerPolicy {
    const breaker = this.registry.get(name);
    if (!breaker) throw new BreakerNotFoundError(name);
    return breaker;
  }
}
