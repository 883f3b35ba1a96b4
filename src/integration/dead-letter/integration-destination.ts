import type { WorkflowDeadLetterDestination } from '@nest-resilience/workflows';

/** Scheme of the dead letter destinations the integration engine replays itself. */
export const INTEGRATION_SCHEME = 'integration';

/** What a dead letter of the integration engine points at. */
export type IntegrationDestination =
  | { kind: 'message'; id: string }
  | { kind: 'compensation'; id: string; step: string };

/** `integration:message/<id>`: resume the message at its first unfinished step. */
export function messageDestination(id: string): string {
  return `${INTEGRATION_SCHEME}:message/${encodeURIComponent(id)}`;
}

/** `integration:compensation/<id>/<step>`: undo that step of the message. */
export function compensationDestination(id: string, step: string): string {
  return `${INTEGRATION_SCHEME}:compensation/${encodeURIComponent(id)}/${encodeURIComponent(step)}`;
}

/** The engine's dead letters point at these destinations (see `IntegrationDeadLetterTransport`). */
export const integrationDestination: WorkflowDeadLetterDestination = {
  message: messageDestination,
  compensation: compensationDestination,
};

/** Reads a destination written by the functions above; `undefined` for anything else. */
export function parseIntegrationDestination(
  destination: string,
): IntegrationDestination | undefined {
  const match =
    /^integration:(message|compensation)\/([^/]+)(?:\/([^/]+))?$/i.exec(
      destination,
    );
  if (!match) return undefined;
  const id = decodeURIComponent(match[2]);
  if (match[1].toLowerCase() === 'message')
    return match[3] === undefined ? { kind: 'message', id } : undefined;
  return match[3] === undefined
    ? undefined
    : { kind: 'compensation', id, step: decodeURIComponent(match[3]) };
}
