/**
 * CPU profile of one step with the built-in inspector (what `node --cpu-prof` records), saved as
 * a .cpuprofile (open it in Chrome DevTools → Performance, or speedscope) and summarised: the
 * functions with the most self time, and the project's functions with the most total time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  fn: string;
  ms: number;
  share: number;
}
export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Most self time (any code: the project, node_modules, Node itself, GC). */
  self: ProfileLine[];
  /** Most total (inclusive) time, the project's own functions only (server/src). */
  project: ProfileLine[];
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function label(f: CallFrame): string {
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  let file = f.url.replace(/^file:\/\//, '');
  if (file.startsWith(root)) file = path.relative(root, file);
  file = file.replace(/^.*node_modules\//, '');
  // tsx-compiled modules report line 0: the file alone then.
  return f.lineNumber > 0 ? `${name} ${file}:${f.lineNumber + 1}` : `${name} ${file}`;
}

export function summarise(profile: Profile, file: string, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.endTime - profile.startTime;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(label(node.callFrame), (self.get(label(node.callFrame)) ?? 0) + us);
    // Walk up the stack once per sample node; count each project function once per stack (recursion).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!f.url.includes('/server/src/')) continue;
      const l = label(f);
      if (seen.has(l)) continue;
      seen.add(l);
      inclusive.set(l, (inclusive.get(l) ?? 0) + us);
    }
  }
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: us / 1000, share: us / totalUs }));
  return { file, totalMs: totalUs / 1000, self: lines(self), project: lines(inclusive) };
}

/** A CPU profile being recorded in this process (stop() writes it to `file` and summarises it). */
export async function startProfile(file: string): Promise<{ stop(): Promise<ProfileSummary> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      session.disconnect();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(profile));
      return summarise(profile, file);
    },
  };
}

/** Run `fn` under the CPU profiler; write the profile to `file`. */
export async function profiled<T>(file: string, fn: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary }> {
  const recording = await startProfile(file);
  let value: T | undefined;
  let failure: { error: unknown } | undefined;
  try {
    value = await fn();
  } catch (error) {
    failure = { error };
  }
  const summary = await recording.stop();
  if (failure) throw failure.error;
  return { value: value as T, summary };
}

export function summaryText(s: ProfileSummary): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `Profile \`${path.relative(root, s.file)}\` (${(s.totalMs / 1000).toFixed(2)} s profiled). Most self time: ` +
      s.self.map((l) => `\`${l.fn}\` ${Math.round(l.ms)} ms (${pct(l.share)})`).join(', ') +
      '.',
    'Project functions by total time: ' +
      s.project.map((l) => `\`${l.fn}\` ${Math.round(l.ms)} ms (${pct(l.share)})`).join(', ') +
      '.',
  ];
}
