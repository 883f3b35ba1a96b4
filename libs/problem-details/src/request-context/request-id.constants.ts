/** Header carrying the correlation id in requests, responses, outbound calls and messages. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id must look like to be kept: 1–128 characters of letters, digits and
 * `. _ : -`. Anything else (too long, spaces, quotes, control characters) could forge log lines
 * or headers downstream, so it is replaced.
 */
export const SANE_REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
