/** Start a server (server-child.ts) in a child process and talk to it. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProfileSummary } from './profile';
import type { Answer, Command, ServeWhat } from './server-child';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

export interface Served {
  base: string;
  pid: number;
  roundTrips(): Promise<number>;
  /** CPU time the server process has used (µs, user + system). */
  cpuUs(): Promise<number>;
  profileStart(file: string): Promise<void>;
  profileStop(): Promise<ProfileSummary>;
  stop(): Promise<void>;
}

export async function serve(what: ServeWhat): Promise<Served> {
  const child: ChildProcess = fork(path.join(here, 'server-child.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.send(what);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port?: number; error?: string }) =>
      m.port ? resolve(m.port) : reject(new Error(`server child: ${m.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`server child exited with ${code} before listening`)));
  });
  let seq = 0;
  const waiting = new Map<number, (a: Answer) => void>();
  child.on('message', (m: Answer & { seq?: number }) => {
    if (m.seq !== undefined) waiting.get(m.seq)?.(m);
  });
  const ask = (c: Command) =>
    new Promise<unknown>((resolve, reject) => {
      const n = ++seq;
      waiting.set(n, (a) => {
        waiting.delete(n);
        if (a.ok) resolve(a.value);
        else reject(new Error(a.error));
      });
      child.send({ ...c, seq: n });
    });
  let stopped = false;
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    roundTrips: () => ask({ cmd: 'roundTrips' }) as Promise<number>,
    cpuUs: () => ask({ cmd: 'cpu' }) as Promise<number>,
    profileStart: async (file) => void (await ask({ cmd: 'profileStart', file })),
    profileStop: () => ask({ cmd: 'profileStop' }) as Promise<ProfileSummary>,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await Promise.race([ask({ cmd: 'stop' }), exited]).catch(() => child.kill());
      await exited;
    },
  };
}
