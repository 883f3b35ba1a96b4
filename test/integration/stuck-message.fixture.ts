import { randomUUID } from 'node:crypto';
import {
  PipelineStatus,
  StepAction,
  StepOutcome,
  type CheckpointStore,
} from '@nest-resilience/workflows';
import { orderFulfilment } from './integration.fixtures.js';

/**
 * Leaves an `order-fulfilment` message the way an instance that died in `reserve-inventory`
 * leaves it: validated and checkpointed, held by a lease that has run out.
 * @returns its id
 */
export async function leaveStuckMessage(
  store: CheckpointStore,
  n: number,
): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await store.create(
    { id, type: 'order-fulfilment', payload: orderFulfilment(n) },
    now,
  );
  await store.claim(id, {
    token: 'dead-instance',
    until: new Date(now.getTime() + 60_000),
    now,
  });
  const started = new Date();
  await store.commit(
    id,
    'dead-instance',
    {
      status: PipelineStatus.PROCESSING,
      completedSteps: ['validate'],
      outputs: { validate: { items: 1 } },
      lastCompletedStep: 'validate',
      currentStep: 'reserve-inventory',
      leaseUntil: new Date(Date.now() - 1),
    },
    [
      {
        step: 'validate',
        action: StepAction.RUN,
        outcome: StepOutcome.COMPLETED,
        attempt: 1,
        startedAt: started,
        finishedAt: started,
      },
    ],
    started,
  );
  return id;
}
