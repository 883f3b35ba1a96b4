import { attempt } from './attempt.util.js';
import type {
  ExecutionContext,
  Operation,
  ResiliencePolicy,
} from './policy.interface.js';
import {
  isRecoveringPolicy,
  type RecoveringPolicy,
} from './recovering-policy.interface.js';

/** The layers a call may be guarded by; each is optional, and key order does not matter. */
export interface PolicyLayers {
  fallback?: ResiliencePolicy;
  retry?: ResiliencePolicy;
  circuitBreaker?: ResiliencePolicy;
  bulkhead?: ResiliencePolicy;
  timeout?: ResiliencePolicy;
}

/** The library's order, outermost first. */
const LAYER_ORDER = [
  'fallback',
  'retry',
  'circuitBreaker',
  'bulkhead',
  'timeout',
] as const;

/**
 * Where the pipeline keeps the call's operation: on the context, which every layer hands on, so
 * the nesting can be built once instead of closing over each call's operation.
 */
const OPERATION = Symbol('RESILIENCE:operation');

type PipelineContext = ExecutionContext & { [OPERATION]?: Operation<unknown> };

type Stage = (context: ExecutionContext) => Promise<unknown>;

function callOperation(context: ExecutionContext): Promise<unknown> {
  return (context as PipelineContext)[OPERATION]!(context);
}

/**
 * The given layers nested in the library's fixed order,
 * fallback( retry( circuit breaker( bulkhead( timeout( call ))))), whatever order they were
 * given in. The nesting is built once; a call allocates nothing beyond what its layers do.
 * Adjacent layers that only act on a failure (see {@link RecoveringPolicy}: the retry, and a
 * fallback without last-good results) share one promise reaction, so a success does not pay a
 * reaction per layer.
 *
 * Each call needs its own context (see {@link ExecutionContext}); {@link execute} stores the
 * operation on it under a private symbol, {@link bind} builds the nesting around a fixed one.
 */
export class PolicyPipeline implements ResiliencePolicy {
  private readonly layers: PolicyLayers;
  private readonly entry: Stage;

  constructor(layers: PolicyLayers) {
    this.layers = { ...layers };
    this.entry = nest(this.layers, callOperation);
  }

  /** Runs `operation` through every layer. @throws whatever the outermost layer throws */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    (context as PipelineContext)[OPERATION] = operation;
    return attempt(this.entry, context) as Promise<T>;
  }

  /**
   * The pipeline around one operation that never changes, such as a guarded method: the
   * nesting is built once with the operation innermost, so a call need not carry it on its
   * context. Give the returned function a fresh context per call, as to {@link execute}.
   */
  bind<T>(operation: Operation<T>): Operation<T> {
    const entry = nest(this.layers, operation);
    return (context) => attempt(entry, context) as Promise<T>;
  }
}

/** A recovering layer and the stage it wraps. */
interface Recovery {
  layer: RecoveringPolicy;
  inner: Stage;
}

/** The layers around `innermost`, in the library's order, adjacent recovering ones fused. */
function nest(layers: PolicyLayers, innermost: Stage): Stage {
  let stage = innermost;
  // The recovering layers just added, innermost first: adjacent ones share one reaction.
  let run: Recovery[] = [];
  for (let i = LAYER_ORDER.length - 1; i >= 0; i--) {
    const layer = layers[LAYER_ORDER[i]];
    if (layer === undefined) continue;
    const inner = stage;
    stage = (context) => layer.execute(inner, context);
    if (!isRecoveringPolicy(layer)) {
      run = [];
      continue;
    }
    run.push({ layer, inner });
    if (run.length > 1) stage = recoverTogether(run.slice(), run[0].inner);
  }
  return stage;
}

/**
 * One stage for adjacent recovering layers, equivalent to nesting them: each readies the
 * context, outermost first, then the call runs with a single reaction for all of them.
 */
function recoverTogether(run: readonly Recovery[], innermost: Stage): Stage {
  return (context) => {
    for (let i = run.length - 1; i >= 0; i--) run[i].layer.prepare(context);
    const first = attempt(innermost, context);
    return first.then(undefined, (error: unknown) =>
      recoverFrom(run, 0, error, first, context),
    );
  };
}

/** Hands a failure to the layers of `run` from `from` outwards, as nesting them would. */
function recoverFrom(
  run: readonly Recovery[],
  from: number,
  error: unknown,
  failed: Promise<unknown>,
  context: ExecutionContext,
): Promise<unknown> {
  for (let i = from; i < run.length; i++) {
    const { layer, inner } = run[i];
    const outcome = layer.recover(error, failed, inner, context);
    if (outcome === failed) continue;
    // This layer answered (a retried call, a stand-in): the layers outside it see its outcome.
    if (i + 1 === run.length) return outcome;
    return outcome.then(undefined, (next: unknown) =>
      recoverFrom(run, i + 1, next, outcome, context),
    );
  }
  return failed;
}

/** Builds a {@link PolicyPipeline} from the given layers; see it for the order. */
export function composePolicies(layers: PolicyLayers): PolicyPipeline {
  return new PolicyPipeline(layers);
}
