import { MemoCamelCasePlugin, snakeCaseCompiler } from './camel-case';
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from './types';
import { observed, type DbObserver } from './observe';
import { startCheckpointer } from './checkpoint';

// bigint (count, epoch ms) and numeric (sum of bigint) come back as strings from pg otherwise.
pg.types.setTypeParser(20, Number);
pg.types.setTypeParser(1700, Number);

export type Backend = 'sqlite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the root handle or a transaction: repositories take this, services decide. */
export type Executor = Kysely<DB>;

export interface Database {
  db: Db;
  backend: Backend;
  /** The raw better-sqlite3 handle, for prepared bulk inserts (SQLite only). */
  sqlite?: SQLite.Database;
  /** The pg pool (PostgreSQL only): the event listener takes a dedicated connection from it. */
  pool?: pg.Pool;
  /** The PostgreSQL schema in use (names the notification channels, so test schemas never hear each other). */
  schema?: string;
  /** Round trips counted, committed writes reported (db/observe.ts). */
  observer: DbObserver;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… — when absent, SQLite is used. */
  url?: string;
  /** SQLite file path, or ':memory:'. */
  file?: string;
  /** PostgreSQL schema to use as search_path (tests isolate themselves this way). */
  schema?: string;
  poolSize?: number;
  /** SQLite file: checkpoint the WAL in a worker thread, off the event loop (the server: db/checkpoint.ts). */
  backgroundCheckpoint?: boolean;
}

export function openDatabase(opts: OpenOptions): Database {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    const camel = new MemoCamelCasePlugin();
    const { dialect, observer } = observed(snakeCaseCompiler(new PostgresDialect({ pool }), camel), (s) =>
      camel.toSnake(s),
    );
    const db = new Kysely<DB>({ dialect, plugins: [camel] });
    return { db, backend: 'postgres', pool, schema: opts.schema ?? 'public', observer, close: () => db.destroy() };
  }
  const file = opts.file ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536'); // 64 MiB of page cache: large imports and batches stay in memory
  sqlite.pragma('temp_store = MEMORY');
  // Checkpoint the WAL every ~32 MiB instead of ~4 MiB: pages rewritten by consecutive batches are
  // copied back once. Measured: 10 × 10,000 ledger rows +15–20 %, single-row transactions −10 %.
  sqlite.pragma('wal_autocheckpoint = 8000');
  sqlite.pragma('mmap_size = 268435456'); // reads straight from the page cache of the OS (no copy per page)
  // Query plans need statistics: without them SQLite reads a grid's list page through the village's
  // households (the village_id index) instead of the grid's assignments, 3–6× slower on the demo
  // village and growing with the village. `optimize` analyses the tables whose statistics are
  // missing or stale, sampling a bounded number of rows: at open, and every hour after.
  sqlite.pragma('analysis_limit = 1000');
  const optimize = (how: string) => {
    try {
      sqlite.pragma(how);
    } catch {
      // another process holds the write lock: the next time will do
    }
  };
  optimize('optimize = 0x10002');
  const optimizer = setInterval(() => optimize('optimize'), 3_600_000);
  optimizer.unref();
  const checkpointer = opts.backgroundCheckpoint && file !== ':memory:' ? startCheckpointer(file) : null;
  const camel = new MemoCamelCasePlugin();
  const { dialect, observer } = observed(
    snakeCaseCompiler(new SqliteDialect({ database: preparedOnce(sqlite) }), camel),
    (s) => camel.toSnake(s),
  );
  const db = new Kysely<DB>({ dialect, plugins: [camel] });
  return {
    db,
    backend: 'sqlite',
    sqlite,
    observer,
    close: async () => {
      clearInterval(optimizer);
      await checkpointer?.stop();
      return db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver prepares every query anew, and preparing (parsing and planning the SQL)
 * costs about as much as running a small query: keep the prepared statements, by SQL text, for the
 * most recent texts. A statement that is being iterated (a stream) is busy: a new one is prepared then.
 */
function preparedOnce(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string): SQLite.Statement => {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql); // most recently used last
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

/** Create a PostgreSQL schema (used to isolate test databases) on a short-lived connection. */
export async function createPgSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
