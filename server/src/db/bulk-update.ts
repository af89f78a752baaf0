/**
 * Batched updates inside the caller's transaction. Rows are grouped by the set of columns they
 * change, so each group is one statement shape:
 * - SQLite: one cached prepared statement per shape on the raw handle (no per-row Kysely compile);
 * - PostgreSQL: `update … from (values …)` in chunks under the parameter limit.
 */
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Database, Executor } from './database';
import type { DB } from './types';

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const quoted = (s: string) => `"${snake(s)}"`;
const BIGINT = new Set(['createdAt', 'updatedAt', 'validFrom', 'validTo', 'activatedAt', 'retiredAt']);
const REAL = new Set(['lat', 'lng']);
const INTEGER = new Set(['balance', 'spent', 'stock', 'size', 'depth', 'sort', 'sizeMin', 'sizeMax']);
const pgType = (c: string) =>
  BIGINT.has(c) ? 'bigint' : INTEGER.has(c) ? 'integer' : REAL.has(c) ? 'double precision' : 'text';

const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

function prepared(sqlite: SQLite.Database, table: string, keys: string[], set: string[]): SQLite.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  const id = `${table}:${keys.join(',')}:${set.join(',')}`;
  let stmt = cache.get(id);
  if (!stmt) {
    const assignments = set.map((c) => `${quoted(c)} = ?`).join(', ');
    const where = keys.map((k) => `${quoted(k)} = ?`).join(' and ');
    stmt = sqlite.prepare(`update ${snake(table)} set ${assignments} where ${where}`);
    cache.set(id, stmt);
  }
  return stmt;
}

async function updateShape(
  database: Database,
  trx: Executor,
  table: string,
  keys: string[],
  set: string[],
  rows: Record<string, unknown>[],
) {
  if (database.sqlite) {
    const stmt = prepared(database.sqlite, table, keys, set);
    const cols = [...set, ...keys];
    for (const r of rows) stmt.run(cols.map((c) => r[c] ?? null));
    return;
  }
  const cols = [...keys, ...set];
  const assignments = sql.raw(set.map((c) => `${quoted(c)} = v.${quoted(c)}::${pgType(c)}`).join(', '));
  const where = sql.raw(keys.map((k) => `t.${quoted(k)} = v.${quoted(k)}`).join(' and '));
  const names = sql.raw(cols.map(quoted).join(', '));
  const chunk = Math.max(1, Math.floor(60000 / cols.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const values = sql.join(rows.slice(i, i + chunk).map((r) => sql`(${sql.join(cols.map((c) => r[c] ?? null))})`));
    await sql`update ${sql.raw(snake(table))} as t set ${assignments} from (values ${values}) as v(${names}) where ${where}`.execute(
      trx,
    );
  }
}

/** Update rows identified by `keys`; each row sets every other property it carries. */
export async function updateMany(
  database: Database,
  trx: Executor,
  table: keyof DB & string,
  keys: string[],
  rows: Record<string, unknown>[],
): Promise<void> {
  const shapes = new Map<string, { set: string[]; rows: Record<string, unknown>[] }>();
  for (const r of rows) {
    const set = Object.keys(r)
      .filter((k) => !keys.includes(k))
      .sort();
    const id = set.join(',');
    let shape = shapes.get(id);
    if (!shape) shapes.set(id, (shape = { set, rows: [] }));
    shape.rows.push(r);
  }
  for (const { set, rows: group } of shapes.values()) await updateShape(database, trx, table, keys, set, group);
}
