/**
 * Run one measured step in a child process of its own, so that its peak memory is its own
 * (a long-lived process keeps the heap of earlier steps) and it starts without the garbage and
 * JIT state of earlier steps. The step is a function exported by a module: it gets a
 * structured-clonable input and returns a structured-clonable result (usually a Measured).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export function runIsolated<T>(moduleUrl: string, fn: string, input: unknown): Promise<T> {
  const child = fork(path.join(here, 'child.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    child.once('message', (m: { ok: boolean; result?: T; error?: string }) => {
      settled = true;
      if (m.ok) resolve(m.result as T);
      else reject(new Error(`${fn} (child process): ${m.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`${fn} (child process) exited with ${code ?? signal} before answering`));
    });
    child.send({ module: moduleUrl, fn, input });
  });
}
