import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestContextState } from './request-context.interface.js';

interface RequestContextSlots {
  storage: AsyncLocalStorage<RequestContextState>;
  carriers: WeakMap<object, RequestContextState>;
}

// Kept on a global symbol so that two copies of the library in one process share one
// context; otherwise the copy that set it and the copy that logs would not see each other.
const SLOTS_KEY = Symbol.for('resilience.request-context');
const globalSlots = globalThis as { [SLOTS_KEY]?: RequestContextSlots };
const slots: RequestContextSlots = (globalSlots[SLOTS_KEY] ??= {
  storage: new AsyncLocalStorage<RequestContextState>(),
  carriers: new WeakMap<object, RequestContextState>(),
});

/**
 * The request (or message) being worked on, carried by Node's `AsyncLocalStorage` through every
 * `await`, timer and callback that starts inside {@link RequestContext.run}.
 */
export class RequestContext {
  /** Runs `fn`, and all asynchronous work it starts, inside `state`. */
  static run<T>(state: RequestContextState, fn: () => T): T {
    return slots.storage.run(state, fn);
  }

  /** The state of the current request, `undefined` outside any. */
  static current(): RequestContextState | undefined {
    return slots.storage.getStore();
  }

  /** The current request id, `undefined` outside any request. */
  static requestId(): string | undefined {
    return slots.storage.getStore()?.requestId;
  }

  /**
   * Remembers `state` on an object that travels with the work (the HTTP request, the RPC
   * context), for code that runs outside the asynchronous scope, such as exception filters
   * invoked after the scope unwound.
   */
  static attach(carrier: object, state: RequestContextState): void {
    slots.carriers.set(carrier, state);
  }

  /** The state {@link RequestContext.attach} put on `carrier`, if any. */
  static of(carrier: unknown): RequestContextState | undefined {
    return typeof carrier === 'object' && carrier !== null
      ? slots.carriers.get(carrier)
      : undefined;
  }
}
