import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { RequestContext } from './request-context.storage.js';

type JsonLogOptions = {
  context: string;
  logLevel: LogLevel;
  writeStreamType?: 'stdout' | 'stderr';
  errorStack?: unknown;
  params?: Record<string, any>;
  error?: Error;
};

/**
 * Nest's `ConsoleLogger` with the current request id on every line logged inside a request:
 * `[OrdersService] [requestId=4f1c…] message` in text mode, a `requestId` member in JSON mode.
 * Outside a request the output is unchanged.
 *
 * @example
 * ```ts
 * const app = await NestFactory.create(AppModule, { bufferLogs: true });
 * app.useLogger(new RequestContextLogger({ json: isProduction }));
 * ```
 */
export class RequestContextLogger extends ConsoleLogger {
  protected override formatContext(context: string): string {
    const requestId = RequestContext.requestId();
    const formatted = super.formatContext(context);
    return requestId === undefined
      ? formatted
      : `${formatted}[requestId=${requestId}] `;
  }

  protected override getJsonLogObject(
    message: unknown,
    options: JsonLogOptions,
  ) {
    const logObject = super.getJsonLogObject(message, options);
    const requestId = RequestContext.requestId();
    return requestId === undefined ? logObject : { ...logObject, requestId };
  }
}
