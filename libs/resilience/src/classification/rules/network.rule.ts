import type { ClassificationRule } from '../error-classification.interface.js';
import { readCode } from './error-inspection.util.js';
import {
  isNetworkFailureCode,
  isNetworkTimeoutCode,
} from './network-codes.constants.js';

/**
 * Network failures by their Node, axios or undici `code`, wherever they surface (a raw socket
 * error, an axios error without a response, the `cause` of a failed `fetch`): a timeout
 * (`ETIMEDOUT`, `ECONNABORTED`, `UND_ERR_*_TIMEOUT`) is `UPSTREAM_TIMEOUT`, anything else
 * (`ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, `EAI_AGAIN`, `UND_ERR_SOCKET`...) is
 * `UPSTREAM_UNAVAILABLE`. Both transient: retried and counted.
 *
 * A network failure on a database query is read first by the TypeORM rule, as
 * `DEPENDENCY_UNAVAILABLE`.
 */
export const networkRule: ClassificationRule = {
  name: 'network',
  match(error) {
    const code = readCode(error);
    if (code === undefined || !isNetworkFailureCode(code)) return undefined;
    return {
      code: isNetworkTimeoutCode(code)
        ? 'UPSTREAM_TIMEOUT'
        : 'UPSTREAM_UNAVAILABLE',
    };
  },
};
