import type { ClassificationRule } from '../error-classification.interface.js';
import { isProblemCode, PROBLEM_CODES } from '../problem-code.constants.js';
import { hasClassNamed, readProperty } from './error-inspection.util.js';

/** The payload a handler gave its `RpcException` (`getError()`). */
function rpcPayload(error: unknown): unknown {
  const getError = readProperty(error, 'getError');
  return typeof getError === 'function'
    ? (getError as () => unknown).call(error)
    : undefined;
}

/**
 * A `RpcException` (from `@nestjs/microservices`, recognised by class name so the library does
 * not import it) whose payload names a public code, as in
 * `new RpcException({ code: 'NOT_FOUND', ... })`: that code, counted only when it is a 5xx.
 * Any other `RpcException` says nothing machine-readable and is left unclassified.
 */
export const rpcExceptionRule: ClassificationRule = {
  name: 'rpc-exception',
  match(error) {
    if (!hasClassNamed(error, 'RpcException')) return undefined;
    const code = readProperty(rpcPayload(error), 'code');
    if (!isProblemCode(code)) return undefined;
    return { code, countsAsFailure: PROBLEM_CODES[code].status >= 500 };
  },
};
