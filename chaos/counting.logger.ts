import type { LoggerService } from '@nestjs/common';

/** Distinct messages kept per level, to say in the report what went wrong. */
const KEPT = 8;

/**
 * The application's logger during a run: prints nothing while the load runs (faults make
 * every dependency complain), counts what each level said and keeps the first distinct
 * warnings and errors for the report.
 */
export class CountingLogger implements LoggerService {
  readonly counts: Record<string, number> = {};
  readonly samples: Record<'error' | 'warn', string[]> = {
    error: [],
    warn: [],
  };

  log(message: unknown, ...context: unknown[]): void {
    this.count('log', message, context);
  }

  error(message: unknown, ...context: unknown[]): void {
    this.count('error', message, context);
  }

  warn(message: unknown, ...context: unknown[]): void {
    this.count('warn', message, context);
  }

  debug(message: unknown, ...context: unknown[]): void {
    this.count('debug', message, context);
  }

  verbose(message: unknown, ...context: unknown[]): void {
    this.count('verbose', message, context);
  }

  fatal(message: unknown, ...context: unknown[]): void {
    this.count('fatal', message, context);
  }

  private count(level: string, message: unknown, context: unknown[]): void {
    this.counts[level] = (this.counts[level] ?? 0) + 1;
    if (level !== 'error' && level !== 'warn' && level !== 'fatal') return;
    const kept = this.samples[level === 'warn' ? 'warn' : 'error'];
    const where = context.at(-1);
    const text = `${typeof where === 'string' ? `[${where}] ` : ''}${
      message instanceof Error ? message.message : String(message)
    }`.slice(0, 240);
    if (kept.length < KEPT && !kept.includes(text)) kept.push(text);
  }
}
