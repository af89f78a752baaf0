import type { Insertable } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database, Executor } from './database';
import type { DB } from './types';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface Insert {
  stmt: SQLite.Statement;
  /** Copies a row's values, in column order, into `values` (compiled per column list: plain property reads). */
  fill: (row: object, values: unknown[]) => void;
}
const inserts = new WeakMap<SQLite.Database, Map<string, Insert>>();
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function prepared(sqlite: SQLite.Database, table: string, columns: string[]): Insert {
  let cache = inserts.get(sqlite);
  if (!cache) inserts.set(sqlite, (cache = new Map()));
  const key = `${table}:${columns.join(',')}`;
  let insert = cache.get(key);
  if (!insert) {
    for (const c of [table, ...columns])
      if (!IDENTIFIER.test(c)) throw new Error(`insertMany: not an identifier: ${c}`);
    const cols = columns.map(snake).join(', ');
    const stmt = sqlite.prepare(`insert into ${snake(table)} (${cols}) values (${columns.map(() => '?').join(', ')})`);
    // Names checked above. Plain property reads instead of a loop over dynamic keys, which made the
    // copy megamorphic (the largest JavaScript cost of a ledger batch after hashing).
    const fill = new Function(
      'r',
      'v',
      columns.map((c, j) => `v[${j}] = r.${c} ?? null;`).join('\n'),
    ) as Insert['fill'];
    cache.set(key, (insert = { stmt, fill }));
  }
  return insert;
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
    const { stmt, fill } = prepared(database.sqlite, table, columns);
    const values: unknown[] = new Array(columns.length); // bound at once by run(), so reused for every row
    for (const row of rows) {
      fill(row as object, values);
      stmt.run(values);
    }
    return;
  }
  const chunk = Math.max(1, Math.floor(60000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + chunk) as any)
      .execute();
  }
}
