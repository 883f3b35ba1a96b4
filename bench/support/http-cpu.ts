// HTTP overhead measured by the server's CPU time per request: each variant's server runs in a
// process of its own (no shared heap, timers or compiled code), reports its `process.cpuUsage()`
// over IPC, and is loaded by autocannon from the benchmark's process in short slices, variant
// after variant in A B B A order, after the same warm-up. CPU time per request stays stable when
// other work shares the machine, where requests per second do not; the latter is printed too.
import { startAppProcess } from '../../test/support/child.process.js';
import { loadUrl, type LoadOptions } from '../http.util.js';
import {
  MIN_ROUNDS,
  roundOrder,
  summarize,
  type Bound,
  type Comparison,
} from './abba.js';

/** What a server process sends when it is ready: at least where it listens. */
export interface ServerReady {
  url: string;
}

/** A server in a process of its own, measured from outside. */
export interface BenchServer<Ready extends ServerReady = ServerReady> {
  ready: Ready;
  /** CPU time (user + system) the process has spent so far, in microseconds. */
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Forks `entry` (a TypeScript file that calls `serveBench`) with `env` and waits until it
 * listens.
 */
export async function startServer<Ready extends ServerReady>(
  entry: string,
  env: Record<string, string>,
): Promise<BenchServer<Ready>> {
  const child = await startAppProcess<Ready>(entry, env, 120_000);
  return {
    ready: child.ready,
    cpuUs: async () => {
      const usage = await child.ask<NodeJS.CpuUsage>({ usage: true });
      return usage.user + usage.system;
    },
    stop: () => child.stop(),
  };
}

/** One variant: a server and the path loaded on it. */
export interface HttpContender {
  label: string;
  server: BenchServer;
  path: string;
}

/** What {@link measureHttp} runs. */
export interface HttpMeasureOptions {
  baseline: HttpContender;
  subjects: HttpContender[];
  load: LoadOptions;
  /** Measured rounds; each loads every variant once. @default 6 */
  rounds?: number;
  /** Seconds of each slice. @default 2 */
  sliceS?: number;
  /** Seconds of load on each variant, one after the other, before the rounds. @default 5 */
  warmUpS?: number;
}

/** One slice's figures. */
export interface HttpSlice {
  /** Server CPU time per request answered, in microseconds. */
  cpuUsPerRequest: number;
  requestsPerSecond: number;
}

/** Per-round slices: `[round]` for the baseline, `[subject][round]` for the subjects. */
export interface HttpSamples {
  baseline: HttpSlice[];
  subjects: HttpSlice[][];
}

/** Loads the variants in A B B A order after an identical warm-up. */
export async function measureHttp(
  options: HttpMeasureOptions,
): Promise<HttpSamples> {
  const { rounds = 6, sliceS = 2, warmUpS = 5, load } = options;
  const contenders = [options.baseline, ...options.subjects];
  const samples: HttpSlice[][] = contenders.map(() => []);
  for (const contender of contenders)
    await loadUrl(url(contender), { ...load, durationS: warmUpS });
  for (let round = 0; round < rounds; round++) {
    for (const index of roundOrder(
      contenders.map((_, i) => i),
      round,
    )) {
      const contender = contenders[index];
      const before = await contender.server.cpuUs();
      const served = await loadUrl(url(contender), {
        ...load,
        durationS: sliceS,
      });
      const cpuUs = (await contender.server.cpuUs()) - before;
      samples[index].push({
        cpuUsPerRequest: cpuUs / served.requests,
        requestsPerSecond: served.perSecond,
      });
    }
  }
  return { baseline: samples[0], subjects: samples.slice(1) };
}

/** What {@link reportHttp} prints for one subject. */
export interface HttpReport {
  name: string;
  baselineLabel: string;
  subjectLabel: string;
  baseline: HttpSlice[];
  subject: HttpSlice[];
  /** Bound on the ratio of CPU time per request. */
  target?: Bound;
}

/**
 * Prints a subject against the baseline: CPU time per request (the judged figure, with its
 * target), then requests per second as a second line.
 * @throws when fewer than {@link MIN_ROUNDS} rounds were measured
 */
export function reportHttp(report: HttpReport): Comparison {
  if (report.subject.length < MIN_ROUNDS)
    throw new Error(
      `${report.name}: ${report.subject.length} rounds, at least ${MIN_ROUNDS}`,
    );
  const cpu = summarize({
    name: `${report.name}: server CPU per request`,
    unit: 'us/req',
    baselineLabel: report.baselineLabel,
    subjectLabel: report.subjectLabel,
    baseline: report.baseline.map((s) => s.cpuUsPerRequest),
    subject: report.subject.map((s) => s.cpuUsPerRequest),
    target: report.target ? { ratio: report.target } : undefined,
  });
  summarize({
    name: `${report.name}: requests per second`,
    unit: 'req/s',
    baselineLabel: report.baselineLabel,
    subjectLabel: report.subjectLabel,
    baseline: report.baseline.map((s) => s.requestsPerSecond),
    subject: report.subject.map((s) => s.requestsPerSecond),
  });
  return cpu;
}

/** {@link measureHttp}, then {@link reportHttp} for each subject. */
export async function compareHttp(
  options: HttpMeasureOptions & { name: string; target?: Bound },
): Promise<Comparison[]> {
  const samples = await measureHttp(options);
  return options.subjects.map((subject, i) =>
    reportHttp({
      name: `${options.name}, ${subject.label}`,
      baselineLabel: options.baseline.label,
      subjectLabel: subject.label,
      baseline: samples.baseline,
      subject: samples.subjects[i],
      target: options.target,
    }),
  );
}

function url(contender: HttpContender): string {
  return `${contender.server.ready.url}${contender.path}`;
}
