/**
 * Peak resident memory of a measured step. Most of the import is synchronous (parsing, checking,
 * better-sqlite3 writes), so a timer on the main thread would never fire during it: a worker
 * thread samples the process RSS every 10 ms into shared memory instead. The figure is
 * process-wide, so it includes what the benchmark itself holds (the generated roster, file
 * buffers); the start RSS is reported next to the peak for that reason.
 */
import { Worker } from 'node:worker_threads';
import v8 from 'node:v8';
import vm from 'node:vm';
import { cpuMs, cpuStallUs, stallShare, timed } from './timer';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new BigInt64Array(workerData.sab);
setInterval(() => {
  const rss = BigInt(process.memoryUsage.rss());
  if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
}, workerData.intervalMs);
`;

let sampler: { worker: Worker; peak: BigInt64Array } | undefined;

function start(intervalMs = 10) {
  if (sampler) return sampler;
  const sab = new SharedArrayBuffer(8);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { sab, intervalMs } });
  worker.unref();
  sampler = { worker, peak: new BigInt64Array(sab) };
  return sampler;
}

export async function stopSampler(): Promise<void> {
  if (sampler) await sampler.worker.terminate();
  sampler = undefined;
}

let gcFn: (() => void) | undefined;
/** A full GC before each measurement, so that garbage of the previous step does not count. */
export function collectGarbage(): void {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  gcFn();
}

export const mb = (bytes: number) => bytes / 1024 / 1024;
export const rssMb = () => mb(process.memoryUsage.rss());

export interface Measured<T> {
  value: T;
  ms: number;
  /** CPU time of the process during the step (less sensitive to other load than wall time). */
  cpuMs: number;
  /** Share of the wall time during which some task on the machine waited for a CPU (Linux PSI). */
  cpuStall?: number;
  /** RSS just before the step (after a GC). */
  startRssMb: number;
  /** Highest RSS sampled during the step (10 ms sampling). */
  peakRssMb: number;
}

/** Time a step and sample its peak RSS. */
export async function measure<T>(fn: () => T | Promise<T>): Promise<Measured<T>> {
  const s = start();
  collectGarbage();
  // Give the sampler a moment to come up the first time.
  await new Promise((r) => setTimeout(r, 30));
  const startRss = process.memoryUsage.rss();
  Atomics.store(s.peak, 0, BigInt(startRss));
  const cpu0 = cpuMs();
  const stall0 = cpuStallUs();
  const { ms, value } = await timed(fn);
  const cpu = cpuMs() - cpu0;
  const cpuStall = stallShare(stall0, cpuStallUs(), ms);
  const final = BigInt(process.memoryUsage.rss());
  const peak = Atomics.load(s.peak, 0);
  return {
    value,
    ms,
    cpuMs: cpu,
    cpuStall,
    startRssMb: mb(startRss),
    peakRssMb: mb(Number(peak > final ? peak : final)),
  };
}

/** The process-lifetime peak (getrusage maxrss), in MB. */
export const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
