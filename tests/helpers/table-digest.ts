/**
 * A digest of every row of every table (but those named), computed by the database itself so it
 * is cheap enough to take around each route of the fuzz suite: per table, an order-independent sum
 * of a hash of each row. PostgreSQL hashes the row's text with md5; SQLite gets the same kind of
 * aggregate (FNV-1a of the row's quoted columns) as a function on the test's own connection.
 */
import { sql } from 'kysely';
import type { Database } from '../../server/src/db/database';

/** FNV-1a (32 bits) of a row's text. */
function rowHash(text: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export async function tableDigester(database: Database, except: RegExp) {
  // PostgreSQL's introspection lists every schema's tables: only this database's own count.
  const tables = (await database.db.introspection.getTables()).filter(
    (t) => !except.test(t.name) && (database.backend !== 'postgres' || t.schema === database.schema),
  );
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
  let query: string;
  if (database.backend === 'postgres') {
    query = `select ${tables
      .map(
        (t, i) =>
          `(select count(*) || ':' || coalesce(sum(('x' || substr(md5(r::text), 1, 8))::bit(32)::bigint), 0) from ${q(t.name)} r) as t${i}`,
      )
      .join(', ')}`;
  } else {
    database.sqlite!.aggregate('fuzz_digest', {
      start: () => [0, 0],
      step: (acc: number[], text: unknown) => [acc[0] + 1, (acc[1] + rowHash(String(text))) % 2 ** 48],
      result: (acc: number[]) => `${acc[0]}:${acc[1]}`,
    });
    query = `select ${tables
      .map(
        (t, i) =>
          `(select fuzz_digest(${t.columns.map((c) => `quote(${q(c.name)})`).join(" || ',' || ")}) from ${q(t.name)}) as t${i}`,
      )
      .join(', ')}`;
  }
  const names = tables.map((t) => t.name);
  /** Per table, `rows:sum of row hashes`. */
  return async (): Promise<Record<string, string>> => {
    const row = (await sql.raw<Record<string, unknown>>(query).execute(database.db)).rows[0];
    return Object.fromEntries(names.map((n, i) => [n, String(row[`t${i}`])]));
  };
}

/** The tables whose digest differs. */
export const changedTables = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).filter((k) => a[k] !== b[k]);
