import { Inject, Injectable } from '@nestjs/common';
import { DEAD_LETTER_OPTIONS } from './dead-letter.constants.js';
import type { DeadLetter, DeadLetterView } from './dead-letter.interface.js';
import type { ResolvedDeadLetterOptions } from './dead-letter-module-options.interface.js';
import { SensitiveDataMasker } from './sensitive-data.masker.js';

/**
 * Turns stored dead letters into what may be shown or logged: payload, headers, error message,
 * resolution reason and destination masked with the configured sensitive keys, dates as ISO
 * strings. The only way entries leave the service.
 */
@Injectable()
export class DeadLetterPresenter {
  /** The masker built from the configured keys, for log lines. */
  readonly masker: SensitiveDataMasker;

  constructor(@Inject(DEAD_LETTER_OPTIONS) options: ResolvedDeadLetterOptions) {
    this.masker = new SensitiveDataMasker(options.sensitiveKeys);
  }

  /** The masked view of `entry`. */
  view(entry: DeadLetter): DeadLetterView {
    const { masker } = this;
    return {
      id: entry.id,
      ...(entry.messageId === undefined ? {} : { messageId: entry.messageId }),
      source: entry.source,
      destination: masker.maskUrl(entry.destination),
      ...(entry.pattern === undefined ? {} : { pattern: entry.pattern }),
      payload: masker.mask(entry.payload),
      headers: masker.mask(entry.headers),
      error: { ...entry.error, message: masker.maskText(entry.error.message) },
      retryCount: entry.retryCount,
      replayCount: entry.replayCount ?? 0,
      status: entry.status,
      receivedAt: entry.receivedAt.toISOString(),
      firstFailedAt: entry.firstFailedAt.toISOString(),
      lastFailedAt: entry.lastFailedAt.toISOString(),
      createdAt: entry.createdAt.toISOString(),
      ...(entry.lastAttemptAt === undefined
        ? {}
        : { lastAttemptAt: entry.lastAttemptAt.toISOString() }),
      ...(entry.replayedAt === undefined
        ? {}
        : { replayedAt: entry.replayedAt.toISOString() }),
      ...(entry.traceId === undefined ? {} : { traceId: entry.traceId }),
      ...(entry.requestId === undefined ? {} : { requestId: entry.requestId }),
      ...(entry.resolution === undefined
        ? {}
        : {
            resolution: {
              by: entry.resolution.by,
              at: entry.resolution.at.toISOString(),
              reason: masker.maskText(entry.resolution.reason),
            },
          }),
      version: entry.version,
    };
  }

  /** A one-line, masked description for logs: never the payload or headers. */
  describe(entry: DeadLetter): string {
    return (
      `id=${entry.id} source=${entry.source} destination=${this.masker.maskUrl(entry.destination)}` +
      (entry.pattern ? ` pattern=${entry.pattern}` : '') +
      ` code=${entry.error.code} category=${entry.error.category} severity=${entry.error.severity}` +
      ` retryCount=${entry.retryCount}` +
      (entry.requestId ? ` requestId=${entry.requestId}` : '') +
      ` error="${this.masker.maskText(entry.error.message)}"`
    );
  }
}
