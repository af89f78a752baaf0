/** Kysely only: what the importer needs to know about a village, loaded once per import. */
import type SQLite from 'better-sqlite3';
import type { Database, Executor } from '../../db/database';
import type { Gender, HouseholdKind, Relation, ResidenceStatus } from '../../db/types';
import { activeStructureId } from '../registry/repo';
import type { GridRef } from './check';

export interface StoredHousehold {
  id: string;
  number: string;
  kind: HouseholdKind;
  name: string | null;
  address: string;
  tags: string;
}

export interface StoredResident {
  id: string;
  householdId: string;
  householdNumber: string;
  idNumber: string;
  name: string;
  gender: Gender;
  birthDate: string;
  phone: string | null;
  relation: Relation;
  status: ResidenceStatus;
  tags: string;
}

export interface Snapshot {
  villageId: string;
  /** The active structure, if any. */
  structureId: string | null;
  grids: GridRef[];
  households: Map<string, StoredHousehold>;
  residents: Map<string, StoredResident>;
  /** Active-structure assignments: household id → grid node id. */
  assignments: Map<string, string>;
  /** Open coverage rows by household id. */
  openCoverage: Map<string, { id: string; structureId: string; nodeId: string }>;
}

const HOUSEHOLD_COLUMNS = ['id', 'number', 'kind', 'name', 'address', 'tags'] as const;
const RESIDENT_COLUMNS = [
  'id',
  'householdId',
  'idNumber',
  'name',
  'gender',
  'birthDate',
  'phone',
  'relation',
  'status',
  'tags',
] as const;
const COVERAGE_COLUMNS = ['id', 'householdId', 'structureId', 'nodeId'] as const;
type OpenCoverage = { id: string; householdId: string; structureId: string; nodeId: string };
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const statements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/** SQLite: the big reads on the raw handle (same connection, so inside the caller's transaction), without per-row plugin work. */
function rawSelect<T>(
  sqlite: SQLite.Database,
  table: string,
  columns: readonly string[],
  where: string,
  value: string,
): T[] {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  const key = `${table}:${where}`;
  let stmt = cache.get(key);
  if (!stmt) {
    stmt = sqlite.prepare(
      `select ${columns.map((c) => `${snake(c)} as "${c}"`).join(', ')} from ${table} where ${where}`,
    );
    cache.set(key, stmt);
  }
  return stmt.all(value) as T[];
}

type ResidentRow = Omit<StoredResident, 'householdNumber'>;

/**
 * Everything the import compares against, in one go. Call it inside a transaction: on SQLite the
 * big reads use the raw handle, which is only safe while the transaction holds the connection.
 */
export async function loadSnapshot(database: Database, db: Executor, villageId: string): Promise<Snapshot> {
  const structureId = await activeStructureId(db, villageId);
  const sqlite = database.sqlite;
  const [grids, households, residents, assignments, coverage] = await Promise.all([
    structureId
      ? db
          .selectFrom('nodes')
          .select(['id', 'code', 'name'])
          .where('structureId', '=', structureId)
          .where('kind', '=', 'grid')
          .execute()
      : Promise.resolve([] as GridRef[]),
    sqlite
      ? rawSelect<StoredHousehold>(sqlite, 'households', HOUSEHOLD_COLUMNS, 'village_id = ?', villageId)
      : db.selectFrom('households').select(HOUSEHOLD_COLUMNS).where('villageId', '=', villageId).execute(),
    sqlite
      ? rawSelect<ResidentRow>(sqlite, 'residents', RESIDENT_COLUMNS, 'village_id = ?', villageId)
      : db.selectFrom('residents').select(RESIDENT_COLUMNS).where('villageId', '=', villageId).execute(),
    !structureId
      ? ([] as { householdId: string; nodeId: string }[])
      : sqlite
        ? rawSelect<{ householdId: string; nodeId: string }>(
            sqlite,
            'assignments',
            ['householdId', 'nodeId'],
            'structure_id = ?',
            structureId,
          )
        : db
            .selectFrom('assignments')
            .select(['householdId', 'nodeId'])
            .where('structureId', '=', structureId)
            .execute(),
    sqlite
      ? rawSelect<OpenCoverage>(sqlite, 'coverage', COVERAGE_COLUMNS, 'village_id = ? and valid_to is null', villageId)
      : db
          .selectFrom('coverage')
          .select(COVERAGE_COLUMNS)
          .where('villageId', '=', villageId)
          .where('validTo', 'is', null)
          .execute(),
  ]);
  const byNumber = new Map<string, StoredHousehold>();
  const numberById = new Map<string, string>();
  for (const h of households) {
    byNumber.set(h.number, h);
    numberById.set(h.id, h.number);
  }
  const byId = new Map<string, StoredResident>();
  for (const r of residents as StoredResident[]) {
    r.householdNumber = numberById.get(r.householdId) ?? '';
    byId.set(r.idNumber, r);
  }
  return {
    villageId,
    structureId,
    grids,
    households: byNumber,
    residents: byId,
    assignments: new Map(assignments.map((a) => [a.householdId, a.nodeId])),
    openCoverage: new Map(
      coverage.map((c) => [c.householdId, { id: c.id, structureId: c.structureId, nodeId: c.nodeId }]),
    ),
  };
}
