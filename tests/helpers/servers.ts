/**
 * Real `wangge serve` processes on one database (a SQLite file or a PostgreSQL schema), for
 * tests of what crosses processes: events, jobs, crashes. Each server listens on a free port on
 * loopback; `kill()` sends SIGKILL (a crash), `stop()` SIGTERM.
 *
 * The server is started from one bundle of its sources, built once per test process with esbuild
 * (packages stay external): a restart then loads one file instead of transpiling hundreds with
 * tsx — about a second less per start, which is most of a crash cycle. Without esbuild, tsx.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createPgSchema, dropPgSchema, openDatabase, type Database } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';

export interface Server {
  port: number;
  url: string;
  proc: ChildProcess;
  output: () => string;
  /** The exit code once the process has exited (null while running or when killed by a signal). */
  exitCode: () => number | null;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** A database shared by the servers of one test, and a handle on it for the test itself. */
export async function sharedDatabase(name: string) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `t_${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
    await createPgSchema(url, schema);
    const database: Database = openDatabase({ url, schema, poolSize: 4 });
    await migrateToLatest(database.db, schema);
    return {
      database,
      env: { DATABASE_URL: url, DATABASE_SCHEMA: schema } as Record<string, string>,
      dispose: async () => {
        await database.close();
        await dropPgSchema(url, schema);
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `wangge-${name}-`));
  const database = openDatabase({ file: path.join(dir, 'wangge.sqlite') });
  await migrateToLatest(database.db);
  return { database, env: { WANGGE_DATA_DIR: dir } as Record<string, string>, dispose: () => database.close() };
}

let entry: Promise<string[]> | null = null;

/** The node arguments that start the CLI: the bundle when it can be built, else tsx. */
function serverEntry(): Promise<string[]> {
  return (entry ??= (async () => {
    try {
      const esbuild = await import('esbuild');
      // Inside the repository, so that the bundle's imports resolve from its node_modules.
      const dir = path.join(process.cwd(), '.cache', `server-${process.pid}`);
      mkdirSync(dir, { recursive: true });
      const outfile = path.join(dir, 'cli.mjs');
      await esbuild.build({
        entryPoints: ['server/src/cli.ts'],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        outfile,
        logLevel: 'error',
      });
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      return [outfile];
    } catch {
      return ['--import', 'tsx', 'server/src/cli.ts'];
    }
  })());
}

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number, out: () => string) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms\n${out()}`);
}

export async function startServer(env: Record<string, string>, timeoutMs = 180_000): Promise<Server> {
  const port = await freePort();
  // node itself, not npx: one process to kill, a second less to start.
  const proc = spawn(process.execPath, [...(await serverEntry()), 'serve'], {
    env: { ...process.env, WANGGE_DEMO: '0', LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let log = '';
  proc.stdout!.on('data', (d) => (log = (log + d).slice(-20_000)));
  proc.stderr!.on('data', (d) => (log = (log + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  let code: number | null = null;
  proc.on('exit', (c) => {
    exited = true;
    code = c;
  });
  const gone = () => new Promise<void>((resolve) => (exited ? resolve() : proc.once('exit', () => resolve())));
  await until(
    `server on ${port} healthy`,
    async () => {
      if (exited) throw new Error(`server exited: ${log}`);
      return (await fetch(`${url}/api/health`)).ok;
    },
    timeoutMs,
    () => log,
  );
  return {
    port,
    url,
    proc,
    output: () => log,
    exitCode: () => code,
    kill: async () => {
      killTree(proc.pid!, 'SIGKILL');
      await gone();
    },
    stop: async () => {
      killTree(proc.pid!, 'SIGTERM');
      await gone();
    },
  };
}

function killTree(pid: number, signal: NodeJS.Signals) {
  // Signal the server and any process it started, deepest first.
  const children = (p: number): number[] => {
    try {
      const out = execSync(`pgrep -P ${p}`).toString().trim();
      return out ? out.split('\n').map(Number) : [];
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const walk = (p: number) => {
    for (const c of children(p)) walk(c);
    all.push(p);
  };
  walk(pid);
  for (const p of all) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
}

/** Sign in over HTTP; returns the cookie header and CSRF token for later requests. */
export async function signInHttp(base: string, login: string, password = 'wangge2026') {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (!res.ok) throw new Error(`sign-in ${login}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('wangge_csrf='))?.split('=')[1] ?? '';
  return { cookie: cookies.join('; '), csrf };
}
