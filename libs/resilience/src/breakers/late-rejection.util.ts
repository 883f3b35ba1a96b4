/** Already settled, so a reaction on it runs at the next microtask checkpoint. */
const SETTLED = Promise.resolve();

/** What `new Promise(captureReject)` handed its executor, taken right after. */
let capturedReject: ((error: unknown) => void) | undefined;

function captureReject(
  _resolve: unknown,
  reject: (error: unknown) => void,
): void {
  capturedReject = reject;
}

/**
 * A promise that rejects with `error` one microtask from now, once the caller has attached its
 * handlers.
 *
 * Refusals are the hot path of an open circuit. A promise rejected before anyone handles it
 * (`Promise.reject`) goes through Node's unhandled-rejection bookkeeping (a `WeakMap` entry on
 * rejection, another lookup when the handler arrives), which costs about a microsecond on
 * Node 20: more than the rest of the refusal. Rejecting a tick later skips it. A caller that
 * never handles the promise is still told of the unhandled rejection, as before.
 */
export function rejectLater<T>(error: unknown): Promise<T> {
  const refusal = new Promise<T>(captureReject);
  const reject = capturedReject!;
  capturedReject = undefined;
  void SETTLED.then(() => reject(error));
  return refusal;
}
