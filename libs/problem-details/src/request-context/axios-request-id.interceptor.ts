import type { AxiosInstance } from 'axios';
import { RequestContext } from './request-context.storage.js';
import { REQUEST_ID_HEADER } from './request-id.constants.js';

/**
 * Makes every call of `axios` carry the current request id in `X-Request-Id`, so the callee's
 * logs line up with ours. A header set explicitly on a call wins; calls made outside a request
 * go out unchanged. Works with `HttpService.axiosRef` of `@nestjs/axios`.
 *
 * @example
 * ```ts
 * constructor(http: HttpService) { forwardRequestId(http.axiosRef); }
 * ```
 * @returns the interceptor id, for `axios.interceptors.request.eject(id)`
 */
export function forwardRequestId(axios: AxiosInstance): number {
  return axios.interceptors.request.use((config) => {
    const requestId = RequestContext.requestId();
    if (requestId !== undefined && !config.headers.has(REQUEST_ID_HEADER)) {
      config.headers.set(REQUEST_ID_HEADER, requestId);
    }
    return config;
  });
}
