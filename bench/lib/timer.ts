/** Wall-clock timing with process.hrtime.bigint, CPU time, CPU contention, and latency statistics. */
import fs from 'node:fs';

export const nowNs = (): bigint => process.hrtime.bigint();
export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Time one call (sync or async). */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = nowNs();
  const value = await fn();
  return { ms: elapsedMs(start), value };
}

/** Percentile of an ascending-sorted sample, linear interpolation between closest ranks. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  if (sorted.length === 1) return sorted[0];
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    n: s.length,
    min: s[0],
    mean,
    p50: percentile(s, 50),
    p90: percentile(s, 90),
    p99: percentile(s, 99),
    max: s[s.length - 1],
  };
}

export interface LatencyOptions {
  /** Untimed calls first (default: min(20, n)). */
  warmup?: number;
  /** Stop early once this much time has been spent on timed calls… */
  budgetMs?: number;
  /** …but not before this many samples (default 30). */
  minSamples?: number;
}

/**
 * Run `fn` up to `n` times after some untimed warm-up calls; latencies in ms. `fn` gets the
 * iteration number so that each call can use a different input (warm-up calls get n, n+1, …).
 * With a budget, slow operations stop early: `summary.n` says how many were timed.
 */
export interface Latencies extends Summary {
  /** The same calls by process CPU time (meaningful where the work is in-process, e.g. SQLite). */
  cpu: Summary;
  /** Share of the timed wall time during which some task on the machine waited for a CPU. */
  cpuStall?: number;
}

export async function latencies(n: number, fn: (i: number) => unknown, opts: LatencyOptions = {}): Promise<Latencies> {
  const warmup = opts.warmup ?? Math.min(20, n);
  const budget = opts.budgetMs ?? Infinity;
  const minSamples = opts.minSamples ?? 30;
  for (let i = 0; i < warmup; i++) await fn(n + i);
  const out: number[] = [];
  const cpu: number[] = [];
  let spent = 0;
  const stall0 = cpuStallUs();
  for (let i = 0; i < n; i++) {
    const c0 = cpuMs();
    const start = nowNs();
    await fn(i);
    const ms = elapsedMs(start);
    cpu.push(cpuMs() - c0);
    out.push(ms);
    spent += ms;
    if (spent > budget && out.length >= minSamples) break;
  }
  return { ...summarize(out), cpu: summarize(cpu), cpuStall: stallShare(stall0, cpuStallUs(), spent) };
}

/**
 * Linux pressure stall information: microseconds during which some runnable task waited for a
 * CPU (system-wide). Its growth over a step ÷ the step's wall time says how contended the CPUs
 * were; undefined where /proc/pressure is absent.
 */
export function cpuStallUs(): number | undefined {
  try {
    const m = /some .*total=(\d+)/.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Fraction of `ms` during which tasks waited for a CPU, from two cpuStallUs readings. */
export const stallShare = (before: number | undefined, after: number | undefined, ms: number) =>
  before === undefined || after === undefined || ms <= 0 ? undefined : Math.min(1, (after - before) / 1000 / ms);

/** CPU time (user + system, all threads) of the process so far, in ms. */
export const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
