import type { ErrorCategory, ErrorSeverity } from '@nest-resilience/resilience';
import type { DeadLetterStatus } from '../dead-letter-status.enum.js';
import type { DeadLetter } from '../dead-letter.interface.js';
import type { DeadLetterCipher } from '../encryption/dead-letter.cipher.js';
import { DeadLetterFieldsCodec } from '../encryption/dead-letter-fields.codec.js';
import { DeadLetterEntity } from './dead-letter.entity.js';

const codec = DeadLetterFieldsCodec;

/**
 * The row for a new dead letter; nothing claimed, nothing resolved. Payload, headers and error
 * message are sealed with `cipher`.
 */
export function toDeadLetterRow(
  entry: DeadLetter,
  cipher: DeadLetterCipher,
): DeadLetterEntity {
  const row = new DeadLetterEntity();
  row.id = entry.id;
  row.messageId = entry.messageId ?? null;
  row.source = entry.source;
  row.destination = entry.destination;
  row.pattern = entry.pattern ?? null;
  row.payload = codec.sealJson(cipher, entry.id, 'payload', entry.payload);
  row.headers = codec.sealJson(
    cipher,
    entry.id,
    'headers',
    entry.headers,
  ) as DeadLetterEntity['headers'];
  row.errorType = entry.error.type;
  row.errorCode = entry.error.code;
  row.errorSourceCode = entry.error.sourceCode ?? null;
  row.category = entry.error.category;
  row.severity = entry.error.severity;
  row.errorMessage = codec.sealText(
    cipher,
    entry.id,
    'errorMessage',
    entry.error.message,
  );
  row.retryCount = entry.retryCount;
  row.status = entry.status;
  row.receivedAt = entry.receivedAt;
  row.firstFailedAt = entry.firstFailedAt;
  row.lastFailedAt = entry.lastFailedAt;
  row.createdAt = entry.createdAt;
  row.traceId = entry.traceId ?? null;
  row.requestId = entry.requestId ?? null;
  row.claimToken = null;
  row.claimedAt = null;
  row.lastAttemptAt = entry.lastAttemptAt ?? null;
  row.replayCount = entry.replayCount ?? 0;
  row.replayedAt = entry.replayedAt ?? null;
  row.resolvedAt = entry.resolution?.at ?? null;
  row.resolvedBy = entry.resolution?.by ?? null;
  row.resolution = entry.resolution?.reason ?? null;
  return row;
}

/**
 * The dead letter a row holds, its sealed values opened with `cipher` (values written before
 * encryption read as they are).
 * @throws DeadLetterDecryptionError when a sealed value does not open
 */
export function fromDeadLetterRow(
  row: DeadLetterEntity,
  cipher: DeadLetterCipher,
): DeadLetter {
  return {
    id: row.id,
    ...(row.messageId === null ? {} : { messageId: row.messageId }),
    source: row.source,
    destination: row.destination,
    ...(row.pattern === null ? {} : { pattern: row.pattern }),
    payload: codec.openJson(cipher, row.id, 'payload', row.payload),
    headers:
      (codec.openJson(cipher, row.id, 'headers', row.headers) as
        DeadLetter['headers'] | null) ?? {},
    error: {
      type: row.errorType,
      code: row.errorCode,
      ...(row.errorSourceCode === null
        ? {}
        : { sourceCode: row.errorSourceCode }),
      category: row.category as ErrorCategory,
      severity: row.severity as ErrorSeverity,
      message: codec.openText(cipher, row.id, 'errorMessage', row.errorMessage),
    },
    retryCount: row.retryCount,
    status: row.status as DeadLetterStatus,
    receivedAt: row.receivedAt,
    firstFailedAt: row.firstFailedAt,
    lastFailedAt: row.lastFailedAt,
    createdAt: row.createdAt,
    ...(row.lastAttemptAt === null ? {} : { lastAttemptAt: row.lastAttemptAt }),
    replayCount: row.replayCount,
    ...(row.replayedAt === null ? {} : { replayedAt: row.replayedAt }),
    ...(row.traceId === null ? {} : { traceId: row.traceId }),
    ...(row.requestId === null ? {} : { requestId: row.requestId }),
    ...(row.resolvedAt === null
      ? {}
      : {
          resolution: {
            at: row.resolvedAt,
            by: row.resolvedBy ?? '',
            reason: row.resolution ?? '',
          },
        }),
    version: row.version,
  };
}
