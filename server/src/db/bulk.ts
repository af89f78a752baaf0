import type { Insertable } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database, Executor } from './database';
import type { DB } from './types';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function prepared(sqlite: SQLite.Database, table: string, columns: string[]): SQLite.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  const key = `${table}:${columns.join(',')}`;
  let stmt = cache.get(key);
  if (!stmt) {
    const cols = columns.map(snake).join(', ');
    stmt = sqlite.prepare(`insert into ${snake(table)} (${cols}) values (${columns.map(() => '?').join(', ')})`);
    cache.set(key, stmt);
  }
  return stmt;
}

/**
 * Insert many rows of one table inside the caller's transaction.
 * SQLite: one cached prepared statement on the same (single) connection, so it joins the open
 * transaction. PostgreSQL: multi-row inserts in chunks under the 65,535-parameter limit.
 * Every row must have the same keys.
 */
export async function insertMany<T extends keyof DB & string>(
  database: Database,
  trx: Executor,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  if (database.sqlite) {
    const stmt = prepared(database.sqlite, table, columns);
    for (const row of rows) {
      const r = row as Record<string, unknown>;
      stmt.run(columns.map((c) => r[c] ?? null));
    }
    return;
  }
  const chunk = Math.max(1, Math.floor(60000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    await trx.insertInto(table).values(rows.slice(i, i + chunk) as any).execute();
  }
}
