/**
 * Error codes of a call that ran out of time on the wire: Node sockets, axios (`ECONNABORTED`
 * is its timeout code unless `transitional.clarifyTimeoutError` is set), the `request` package,
 * and undici (Node's `fetch`).
 */
export const NETWORK_TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ECONNABORTED',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Error codes of a peer that could not be reached or dropped the connection: Node sockets and
 * DNS, and axios's `ERR_NETWORK` (its browser and fetch adapters).
 */
export const NETWORK_UNAVAILABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'ERR_NETWORK',
]);

/** Prefix of every undici error code (`UND_ERR_SOCKET`, `UND_ERR_CLOSED`, ...). */
export const UNDICI_CODE_PREFIX = 'UND_ERR_';

/**
 * Undici codes that report a misuse of the client or a cancellation of ours rather than a
 * failing peer; they are not network failures.
 */
export const UNDICI_NON_NETWORK_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_ABORTED',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
]);

/** Whether `code` says the peer did not answer in time. */
export function isNetworkTimeoutCode(code: string): boolean {
  return NETWORK_TIMEOUT_CODES.has(code);
}

/** Whether `code` says the peer could not be reached or the connection broke (timeouts included). */
export function isNetworkFailureCode(code: string): boolean {
  if (NETWORK_TIMEOUT_CODES.has(code) || NETWORK_UNAVAILABLE_CODES.has(code))
    return true;
  return (
    code.startsWith(UNDICI_CODE_PREFIX) && !UNDICI_NON_NETWORK_CODES.has(code)
  );
}
