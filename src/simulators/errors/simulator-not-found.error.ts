import { ApplicationError } from '@nest-resilience/resilience';

/** No simulator has the name asked for (404 `NOT_FOUND`). */
export class SimulatorNotFoundError extends ApplicationError {
  static readonly CODE = 'SIMULATORS.NOT_FOUND';
  readonly code = SimulatorNotFoundError.CODE;
  readonly problem = 'NOT_FOUND' as const;

  /** @param name the name asked for */
  constructor(name: string) {
    super(`No simulator is called ${name.slice(0, 100)}`);
  }
}
