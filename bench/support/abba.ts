// The one way every benchmark compares a subject (ours) with a baseline: both measured in
// alternating rounds, A B B A A B B A ..., after the same warm-up, so that load coming and
// going on a shared machine, a warming cache or a collector that has fallen behind weighs on
// both alike. Each round gives one ratio (subject / baseline of that round's figures); what is
// printed is the median ratio, its range over the rounds, and the target with met or MISSED.
import { availableParallelism, loadavg } from 'node:os';
import { setImmediate as tick } from 'node:timers/promises';
import { median } from '../bench.util.js';
import { recordResult } from './results.js';

/** A bound on a figure: at most or at least `value`. */
export type Bound = { atMost: number } | { atLeast: number };

/** What a comparison must reach: a bound on the median ratio, or on the subject's median. */
export interface Target {
  ratio?: Bound;
  subject?: Bound;
}

/** One side of a comparison. */
export interface Contender {
  label: string;
  /** Runs one round's worth of work and returns its figure (ns per call, messages/s, ...). */
  measure: () => Promise<number>;
}

/** What {@link compare} runs. */
export interface CompareOptions {
  /** The row's name in the printed table. */
  name: string;
  /** Unit of the figure `measure` returns. */
  unit: string;
  baseline: Contender;
  subject: Contender;
  /** Measured rounds (each one figure per side). @default 7, at least 5 */
  rounds?: number;
  /** Discarded rounds before them, in the same alternation. @default 1 */
  warmup?: number;
  target?: Target;
}

/** A finished comparison: the per-round figures and what they add up to. */
export interface Comparison {
  name: string;
  unit: string;
  baselineLabel: string;
  subjectLabel: string;
  baseline: number[];
  subject: number[];
  /** Subject / baseline, round by round. */
  ratios: number[];
  target?: Target;
  /** Whether the target is met; `undefined` without a target. */
  met?: boolean;
}

/** Least number of measured rounds a comparison may have. */
export const MIN_ROUNDS = 5;

/** The order of round `round`: baseline first in even rounds, subject first in odd ones. */
export function roundOrder<T>(items: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...items] : [...items].reverse();
}

/**
 * Measures `baseline` and `subject` in alternating rounds (A B, B A, A B, ...) after `warmup`
 * discarded rounds in the same order, prints the result and records it for the run's summary.
 * @throws when fewer than {@link MIN_ROUNDS} rounds are asked for
 */
export async function compare(options: CompareOptions): Promise<Comparison> {
  const { rounds = 7, warmup = 1 } = options;
  if (rounds < MIN_ROUNDS)
    throw new Error(
      `${options.name}: ${rounds} rounds, at least ${MIN_ROUNDS}`,
    );
  const sides = [options.baseline, options.subject];
  const figures: [number[], number[]] = [[], []];
  for (let round = -warmup; round < rounds; round++) {
    for (const index of roundOrder([0, 1], round + warmup)) {
      // A turn of the event loop first: until the microtask queue drains, Node keeps every
      // promise rejected before it had a handler, and one side's leftovers would weigh on the
      // other's garbage collection.
      await tick();
      const figure = await sides[index].measure();
      if (round >= 0) figures[index].push(figure);
    }
  }
  return summarize({
    name: options.name,
    unit: options.unit,
    baselineLabel: options.baseline.label,
    subjectLabel: options.subject.label,
    baseline: figures[0],
    subject: figures[1],
    target: options.target,
  });
}

/** Builds a {@link Comparison} from per-round figures measured elsewhere, prints and records it. */
export function summarize(
  figures: Omit<Comparison, 'ratios' | 'met'>,
): Comparison {
  const ratios = figures.subject.map((s, i) => s / figures.baseline[i]);
  const comparison: Comparison = {
    ...figures,
    ratios,
    met: figures.target
      ? isMet(figures.target, figures.subject, ratios)
      : undefined,
  };
  printComparison(comparison);
  recordResult({
    name: comparison.name,
    ratio: median(ratios),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    rounds: ratios.length,
    subject: `${format(median(comparison.subject))} ${comparison.unit}`,
    target: targetText(comparison.target, comparison.unit),
    met: comparison.met,
  });
  return comparison;
}

/** A figure that has no baseline (memory, a count), with its target, printed and recorded. */
export function figure(
  name: string,
  value: number,
  unit: string,
  target?: Bound,
): boolean | undefined {
  const met = target ? within(target, value) : undefined;
  const verdict = target
    ? `  target ${boundText(target, ` ${unit}`)}: ${met ? 'met' : 'MISSED'}`
    : '';
  write(
    `${name.padEnd(60)}${`${format(value)} ${unit}`.padStart(16)}${verdict}`,
  );
  recordResult({
    name,
    subject: `${format(value)} ${unit}`,
    target: target ? boundText(target, ` ${unit}`) : undefined,
    met,
  });
  return met;
}

/**
 * The header of a benchmark: its title, how it measures, the machine's state, and the value of
 * every environment variable that changes what it measures (printed even when unset).
 */
export function header(
  title: string,
  method: readonly string[],
  switches: readonly string[] = [],
): void {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  write(`\n== ${title}`);
  for (const line of method) write(`   ${line}`);
  write(
    `   machine: ${availableParallelism()} cores, load average ${load}, Node ${process.version}`,
  );
  for (const name of switches)
    write(`   env ${name}=${process.env[name] ?? '(unset)'}`);
}

function printComparison(c: Comparison): void {
  const side = (role: string, label: string, values: number[]) =>
    write(
      `  ${role.padEnd(9)}${label.padEnd(50)}${`${format(median(values))} ${c.unit}`.padStart(18)}` +
        `   rounds ${format(Math.min(...values))}–${format(Math.max(...values))}`,
    );
  write(`${c.name}`);
  side('baseline', c.baselineLabel, c.baseline);
  side('subject', c.subjectLabel, c.subject);
  const verdict =
    c.met === undefined
      ? '  (no target)'
      : `  target ${targetText(c.target, c.unit)}: ${c.met ? 'met' : 'MISSED'}`;
  write(
    `  ${'ratio'.padEnd(9)}${median(c.ratios).toFixed(2)}x subject/baseline, ` +
      `range ${Math.min(...c.ratios).toFixed(2)}–${Math.max(...c.ratios).toFixed(2)}x ` +
      `over ${c.ratios.length} ABBA rounds${verdict}`,
  );
}

function isMet(target: Target, subject: number[], ratios: number[]): boolean {
  return (
    (!target.ratio || within(target.ratio, median(ratios))) &&
    (!target.subject || within(target.subject, median(subject)))
  );
}

function within(bound: Bound, value: number): boolean {
  return 'atMost' in bound ? value <= bound.atMost : value >= bound.atLeast;
}

function boundText(bound: Bound, unit: string): string {
  const show = (value: number) =>
    unit === 'x' ? value.toFixed(2) : format(value);
  return 'atMost' in bound
    ? `<= ${show(bound.atMost)}${unit}`
    : `>= ${show(bound.atLeast)}${unit}`;
}

function targetText(
  target: Target | undefined,
  unit: string,
): string | undefined {
  if (!target) return undefined;
  return [
    target.ratio && boundText(target.ratio, 'x'),
    target.subject && `subject ${boundText(target.subject, ` ${unit}`)}`,
  ]
    .filter(Boolean)
    .join(' and ');
}

/** A figure with as many decimals as it needs. */
export function format(value: number): string {
  const digits =
    Number.isInteger(value) || Math.abs(value) >= 100
      ? 0
      : Math.abs(value) >= 10
        ? 1
        : 2;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}
