import type { LogLevel } from '@nestjs/common';
import { RequestContextLogger } from '@nest-resilience/problem-details';

/** One line the application logged, as it would have been printed. */
export interface CapturedLine {
  level: LogLevel;
  text: string;
  stack?: string;
}

/**
 * The logger the app would use (`RequestContextLogger`), keeping each formatted line instead of
 * printing it, so tests can read what operators would see.
 */
export class CapturingLogger extends RequestContextLogger {
  readonly lines: CapturedLine[] = [];

  constructor() {
    super({
      logLevels: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
      colors: false,
    });
  }

  /** Lines whose text contains every one of `parts`. */
  find(...parts: string[]): CapturedLine[] {
    return this.lines.filter((line) =>
      parts.every((part) => line.text.includes(part)),
    );
  }

  protected override formatMessage(
    logLevel: LogLevel,
    message: unknown,
    pidMessage: string,
    formattedLogLevel: string,
    contextMessage: string,
    timestampDiff: string,
    params?: Record<string, any>,
  ): string {
    const text = super.formatMessage(
      logLevel,
      message,
      pidMessage,
      formattedLogLevel,
      contextMessage,
      timestampDiff,
      params,
    );
    this.lines.push({ level: logLevel, text: text.trim() });
    return '';
  }

  protected override printStackTrace(stack: string): void {
    const last = this.lines.at(-1);
    if (stack && last) last.stack = stack;
  }
}
