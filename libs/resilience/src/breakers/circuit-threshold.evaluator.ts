import type { CircuitBreakerSettings } from '../config/resilience-settings.interface.js';
import type { CircuitCallRecorder } from './circuit-call.recorder.js';
import { CircuitState } from './circuit-state.enum.js';
import type { CircuitStateMachine } from './circuit-state.machine.js';

/**
 * Records each call opossum settles and opens the circuit when a threshold opossum lacks is
 * crossed: consecutive failures, slow-call rate, any failure while half open. opossum's own
 * failure-rate rule runs inside opossum. The rules are spelled out on `CircuitBreakerPolicy`.
 */
export class CircuitThresholdEvaluator {
  /**
   * @param settings the circuit's thresholds
   * @param recorder counts the calls
   * @param machine the circuit's state, tripped when a threshold is crossed
   */
  constructor(
    private readonly settings: Readonly<CircuitBreakerSettings>,
    private readonly recorder: CircuitCallRecorder,
    private readonly machine: CircuitStateMachine,
  ) {}

  /** opossum's `success` listener (a resolved call, or an error that does not count). */
  readonly onSuccess = (_result: unknown, latencyMs: number): void => {
    if (this.recorder.succeeded(latencyMs)) this.checkSlowCalls();
  };

  /** opossum's `failure` listener (an error that counts). */
  readonly onFailure = (error: unknown, latencyMs: number): void => {
    const slow = this.recorder.failed(error, latencyMs);
    const state = this.machine.state;
    if (state === CircuitState.HALF_OPEN) {
      this.machine.trip('probe-failed');
    } else if (state === CircuitState.CLOSED) {
      const threshold = this.settings.failureThreshold;
      if (threshold > 0 && this.recorder.consecutiveFailures >= threshold) {
        this.recorder.consecutiveFailures = 0;
        this.machine.trip('consecutive-failures');
      } else if (slow) {
        this.checkSlowCalls();
      }
    }
  };

  private checkSlowCalls(): void {
    if (
      this.machine.state === CircuitState.CLOSED &&
      this.recorder.slowCallRateExceeded()
    ) {
      this.machine.trip('slow-call-rate');
    }
  }
}
