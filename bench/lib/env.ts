/**
 * What a benchmark case gets: the backend, fresh databases (same settings as the server:
 * openDatabase + migrateToLatest), a per-backend cache for expensive fixtures shared between
 * cases, notes for the report and progress logging.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPgSchema, dropPgSchema, openDatabase, type Backend, type Database } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { makeCtx, type Ctx } from '../../server/src/context';
import { systemClock } from '../../server/src/lib/clock';
import type { Notifier } from '../../server/src/modules/access/notify';

const quiet: Notifier = { send: async () => {} };

/** Where a database lives, so that another process can open it (see isolate.ts). */
export type DbTarget = { backend: 'sqlite'; file: string } | { backend: 'postgres'; url: string; schema: string };

/** Open an existing (migrated) database with the server's settings. */
export function openTarget(target: DbTarget): { database: Database; ctx: Ctx } {
  const database =
    target.backend === 'sqlite'
      ? openDatabase({ file: target.file })
      : openDatabase({ url: target.url, schema: target.schema, poolSize: 4 });
  return { database, ctx: makeCtx(database, systemClock, quiet) };
}

export interface FreshDb {
  database: Database;
  ctx: Ctx;
  target: DbTarget;
  /** SQLite: the database file. */
  file?: string;
  /** PostgreSQL: the URL and schema (search_path) of this database. */
  url?: string;
  schema?: string;
  /** Close this process's connection and keep the data (e.g. while a child process writes). */
  release(): Promise<void>;
  /** Open it again after release() (database and ctx are replaced). */
  reopen(): void;
  /** Close and delete (SQLite file / PostgreSQL schema). */
  dispose(): Promise<void>;
}

export interface BenchEnv {
  backend: Backend;
  /** PostgreSQL URL (postgres backend only). */
  url?: string;
  /** Residents in the generated roster (100,000 unless --rows is given). */
  rows: number;
  /** --profile: cases may CPU-profile their main steps (bench/out/*.cpuprofile); figures are then slower. */
  profile: boolean;
  /** A scratch directory for this run (deleted at the end). */
  tmpDir: string;
  /** A fresh, migrated database. Disposed at the end of the backend's run unless disposed earlier. */
  freshDb(label: string): Promise<FreshDb>;
  /** Build a fixture once per backend (e.g. the imported 100k village), shared by cases. */
  once<T>(key: string, build: () => Promise<T>): Promise<T>;
  /** Provide a fixture that a case built anyway (so that a later case need not build it again). */
  provide<T>(key: string, value: T): void;
  /** Free text shown under the case's table. */
  note(text: string): void;
  log(text: string): void;
}

export interface EnvHandle {
  env: BenchEnv;
  /** Notes collected since the last call. */
  takeNotes(): string[];
  dispose(): Promise<void>;
}

export function makeEnv(
  backend: Backend,
  opts: { url?: string; rows: number; tmpRoot: string; profile?: boolean },
): EnvHandle {
  const cache = new Map<string, Promise<unknown>>();
  const cleanups: (() => Promise<void>)[] = [];
  let notes: string[] = [];
  let seq = 0;

  async function freshDb(label: string): Promise<FreshDb> {
    const slug = `${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${++seq}`;
    let target: DbTarget;
    if (backend === 'sqlite') {
      target = { backend, file: path.join(opts.tmpRoot, `${slug}.sqlite`) };
    } else {
      target = { backend, url: opts.url!, schema: `bench_${slug}_${randomBytes(3).toString('hex')}` };
      await createPgSchema(target.url, target.schema);
    }
    const first = openTarget(target);
    await migrateToLatest(first.database.db, target.backend === 'postgres' ? target.schema : undefined);
    let open = true;
    let gone = false;
    const fresh: FreshDb = {
      ...first,
      target,
      ...(target.backend === 'sqlite' ? { file: target.file } : { url: target.url, schema: target.schema }),
      release: async () => {
        if (open) await fresh.database.close();
        open = false;
      },
      reopen: () => {
        if (open || gone) throw new Error('reopen: the database is open or gone');
        Object.assign(fresh, openTarget(target));
        open = true;
      },
      dispose: async () => {
        if (gone) return;
        gone = true;
        if (open) await fresh.database.close();
        open = false;
        if (target.backend === 'sqlite')
          for (const f of [target.file, `${target.file}-wal`, `${target.file}-shm`]) fs.rmSync(f, { force: true });
        else await dropPgSchema(target.url, target.schema);
      },
    };
    cleanups.push(fresh.dispose);
    return fresh;
  }

  const env: BenchEnv = {
    backend,
    url: opts.url,
    rows: opts.rows,
    tmpDir: opts.tmpRoot,
    profile: opts.profile ?? false,
    freshDb,
    once: <T>(key: string, build: () => Promise<T>) => {
      let p = cache.get(key) as Promise<T> | undefined;
      if (!p) cache.set(key, (p = build()));
      return p;
    },
    provide: (key, value) => void cache.set(key, Promise.resolve(value)),
    note: (text) => void notes.push(text),
    log: (text) => process.stderr.write(`  [${backend}] ${text}\n`),
  };

  return {
    env,
    takeNotes: () => {
      const out = notes;
      notes = [];
      return out;
    },
    dispose: async () => {
      for (const c of cleanups.reverse()) await c().catch((e) => process.stderr.write(`cleanup failed: ${e}\n`));
      cache.clear();
    },
  };
}

export const makeTmpRoot = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-bench-'));
