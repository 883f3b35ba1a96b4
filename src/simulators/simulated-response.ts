import type { Response } from 'express';

/** An answer of a simulator. */
export interface SimulatedAnswer {
  drop?: false;
  status: number;
  body: unknown;
  /** Whether it came from the simulator's idempotency store (`Idempotent-Replayed: true`). */
  replayed?: boolean;
  /** @default 'application/json' */
  contentType?: string;
}

/** What a simulator answers; `drop` means close the connection unanswered. */
export type SimulatedResponse = { drop: true } | SimulatedAnswer;

/** Writes a simulator's answer, or drops the connection as a crashed service would. */
export function sendSimulatedResponse(
  response: Response,
  answer: SimulatedResponse,
): void {
  if (answer.drop) {
    response.socket?.destroy();
    return;
  }
  if (answer.replayed) response.setHeader('Idempotent-Replayed', 'true');
  response
    .status(answer.status)
    .type(answer.contentType ?? 'application/json')
    .send(JSON.stringify(answer.body));
}
