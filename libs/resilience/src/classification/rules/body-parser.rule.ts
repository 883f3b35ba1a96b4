import type { ClassificationRule } from '../error-classification.interface.js';
import type { ProblemCode } from '../problem-code.constants.js';
import {
  readNumber,
  readProperty,
  readString,
} from './error-inspection.util.js';
import { inboundProblemCode } from './inbound-status.constants.js';

/** Codes for the `type` that Express's body parser (and `raw-body`) put on their errors. */
const BODY_PARSER_TYPES: Readonly<Record<string, ProblemCode>> = {
  'entity.parse.failed': 'MALFORMED_JSON',
  'entity.too.large': 'PAYLOAD_TOO_LARGE',
  'parameters.too.many': 'PAYLOAD_TOO_LARGE',
  'encoding.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'charset.unsupported': 'UNSUPPORTED_MEDIA_TYPE',
  'entity.verify.failed': 'FORBIDDEN',
  'request.aborted': 'VALIDATION_FAILED',
  'request.size.invalid': 'VALIDATION_FAILED',
  'querystring.parse.rangeError': 'VALIDATION_FAILED',
  'stream.encoding.set': 'INTERNAL',
  'stream.not.readable': 'INTERNAL',
};

/**
 * Status of an `http-errors` error, the kind Express middleware raises. Its own guard
 * (`createError.isHttpError`) checks the same shape: a boolean `expose` and `status` equal to
 * `statusCode`. Requiring the shape keeps DOM events and other objects with a `type` out.
 */
function httpErrorStatus(error: unknown): number | undefined {
  const status = readNumber(error, 'status');
  if (status === undefined || status !== readNumber(error, 'statusCode'))
    return undefined;
  return typeof readProperty(error, 'expose') === 'boolean'
    ? status
    : undefined;
}

/**
 * Errors from Express's body parser, by their `type` (`entity.parse.failed` is
 * `MALFORMED_JSON`, `entity.too.large` `PAYLOAD_TOO_LARGE`, an unsupported encoding or charset
 * `UNSUPPORTED_MEDIA_TYPE`), and any other `http-errors` error by its status. Only a 5xx counts.
 */
export const bodyParserRule: ClassificationRule = {
  name: 'body-parser',
  match(error) {
    const status = httpErrorStatus(error);
    if (status === undefined) return undefined;
    const type = readString(error, 'type');
    const byType =
      type !== undefined && Object.hasOwn(BODY_PARSER_TYPES, type)
        ? BODY_PARSER_TYPES[type]
        : undefined;
    return {
      code: byType ?? inboundProblemCode(status),
      countsAsFailure: status >= 500,
      ...(type !== undefined ? { sourceCode: type } : {}),
    };
  },
};
