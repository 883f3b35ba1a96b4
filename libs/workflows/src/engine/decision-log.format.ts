import { RequestContext } from '@nest-resilience/problem-details';
import type { Checkpoint } from '../pipelines/checkpoint.interface.js';

/**
 * One log line of an engine decision, always with the message id, the request id and the
 * reason, so a message's story can be grepped whatever logger the application uses:
 * `message=… requestId=… step=validate decision=RETRY reason="…"`.
 */
export function formatDecision(
  checkpoint: Pick<Checkpoint, 'id' | 'requestId'>,
  decision: string,
  reason: string,
  step?: string,
): string {
  const requestId = checkpoint.requestId ?? RequestContext.requestId() ?? '-';
  const where = step === undefined ? '' : ` step=${step}`;
  return `message=${checkpoint.id} requestId=${requestId}${where} decision=${decision} reason="${reason}"`;
}
