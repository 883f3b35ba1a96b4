import type {
  ExecutionContext,
  Operation,
  ResiliencePolicy,
} from './policy.interface.js';

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
 *
 * Each call needs its own context (see {@link ExecutionContext}); the pipeline stores the
 * operation on it under a private symbol.
 */
export class PolicyPipeline implements ResiliencePolicy {
  private readonly entry: Stage;

  constructor(layers: PolicyLayers) {
    let stage: Stage = callOperation;
    for (let i = LAYER_ORDER.length - 1; i >= 0; i--) {
      const layer = layers[LAYER_ORDER[i]];
      if (layer === undefined) continue;
      const inner = stage;
      stage = (context) => layer.execute(inner, context);
    }
    this.entry = stage;
  }

  /** Runs `operation` through every layer. @throws whatever the outermost layer throws */
  execute<T>(operation: Operation<T>, context: ExecutionContext): Promise<T> {
    (context as PipelineContext)[OPERATION] = operation;
    try {
      return this.entry(context) as Promise<T>;
    } catch (error) {
      // A layer or operation that throws instead of rejecting must still give a rejected promise.
      return Promise.reject(error);
    }
  }
}

/** Builds a {@link PolicyPipeline} from the given layers; see it for the order. */
export function composePolicies(layers: PolicyLayers): PolicyPipeline {
  return new PolicyPipeline(layers);
}
