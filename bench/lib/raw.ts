/**
 * The reference for write speed: the roster's clean values inserted raw, with no normalising,
 * checking or planning. SQLite: better-sqlite3, one prepared insert per table, one transaction.
 * PostgreSQL: one pg connection, multi-row parameterised inserts in one transaction (what
 * insertMany does, without Kysely). Ids are made before the clock starts.
 */
import pg from 'pg';
import { newId } from '../../server/src/lib/ids';
import type { FreshDb } from './env';
import type { Roster } from './roster';
import { collectGarbage } from './memory';
import { cpuMs, cpuStallUs, stallShare, timed } from './timer';

const HOUSEHOLD_COLS = [
  'id',
  'village_id',
  'number',
  'kind',
  'name',
  'address',
  'tags',
  'lat',
  'lng',
  'created_at',
  'updated_at',
];
const RESIDENT_COLS = [
  'id',
  'village_id',
  'household_id',
  'name',
  'gender',
  'id_number',
  'birth_date',
  'phone',
  'relation',
  'status',
  'tags',
  'created_at',
  'updated_at',
];

function values(roster: Roster, villageId: string, now: number) {
  const householdIds = roster.households.map(() => newId());
  const households = roster.households.map((h, i) => [
    householdIds[i],
    villageId,
    h.number,
    'household',
    null,
    h.address,
    '[]',
    null,
    null,
    now,
    now,
  ]);
  const residents = roster.residents.map((r) => [
    newId(),
    villageId,
    householdIds[r.household],
    r.name,
    r.gender,
    r.idNumber,
    r.birthDate,
    r.phone,
    r.relation,
    r.status,
    r.tags,
    now,
    now,
  ]);
  return { households, residents };
}

const insertSql = (table: string, cols: string[]) =>
  `insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`;

export interface RawTiming {
  ms: number;
  cpuMs: number;
  /** See Measured.cpuStall. */
  cpuStall?: number;
}

/** Time to insert the roster raw (households + residents): wall and CPU milliseconds. */
export async function rawInsert(db: FreshDb, villageId: string, roster: Roster): Promise<RawTiming> {
  const now = Date.now();
  const v = values(roster, villageId, now);
  collectGarbage();
  const sqlite = db.database.sqlite;
  if (sqlite) {
    const insH = sqlite.prepare(insertSql('households', HOUSEHOLD_COLS));
    const insR = sqlite.prepare(insertSql('residents', RESIDENT_COLS));
    const all = sqlite.transaction(() => {
      for (const h of v.households) insH.run(h);
      for (const r of v.residents) insR.run(r);
    });
    const cpu0 = cpuMs();
    const stall0 = cpuStallUs();
    const { ms } = await timed(() => all());
    return { ms, cpuMs: cpuMs() - cpu0, cpuStall: stallShare(stall0, cpuStallUs(), ms) };
  }
  const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
  await client.connect();
  try {
    const multi = async (table: string, cols: string[], rows: unknown[][]) => {
      const chunk = Math.floor(60000 / cols.length);
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        const params: unknown[] = [];
        const tuples = part.map((r) => `(${r.map((x) => (params.push(x), `$${params.length}`)).join(',')})`);
        await client.query(`insert into ${table} (${cols.join(', ')}) values ${tuples.join(',')}`, params);
      }
    };
    const cpu0 = cpuMs();
    const stall0 = cpuStallUs();
    const { ms } = await timed(async () => {
      await client.query('begin');
      await multi('households', HOUSEHOLD_COLS, v.households);
      await multi('residents', RESIDENT_COLS, v.residents);
      await client.query('commit');
    });
    return { ms, cpuMs: cpuMs() - cpu0, cpuStall: stallShare(stall0, cpuStallUs(), ms) };
  } finally {
    await client.end();
  }
}
