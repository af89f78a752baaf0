/** "Which grid and which grid member covered household X on date D" — read from coverage and post history (structures writes them). */
import type { Executor } from '../../db/database';

export interface CoverageSpan {
  structureId: string;
  structureName: string;
  grid: { id: string; code: string; name: string };
  validFrom: number;
  validTo: number | null;
  gridMembers: { personId: string; name: string; validFrom: number | null; validTo: number | null }[];
}

async function spans(db: Executor, villageId: string, householdId: string, at?: number): Promise<CoverageSpan[]> {
  let q = db
    .selectFrom('coverage')
    .innerJoin('nodes', 'nodes.id', 'coverage.nodeId')
    .innerJoin('structures', 'structures.id', 'coverage.structureId')
    .select([
      'coverage.structureId',
      'structures.name as structureName',
      'nodes.id as nodeId',
      'nodes.code',
      'nodes.name',
      'coverage.validFrom',
      'coverage.validTo',
    ])
    .where('coverage.villageId', '=', villageId)
    .where('coverage.householdId', '=', householdId);
  if (at !== undefined)
    q = q
      .where('coverage.validFrom', '<=', at)
      .where((eb) => eb.or([eb('coverage.validTo', 'is', null), eb('coverage.validTo', '>', at)]));
  const rows = await q.orderBy('coverage.validFrom').execute();
  if (!rows.length) return [];
  const posts = await db
    .selectFrom('posts')
    .innerJoin('people', 'people.id', 'posts.personId')
    .select(['posts.nodeId', 'posts.personId', 'people.name', 'posts.validFrom', 'posts.validTo'])
    .where('posts.role', '=', 'gridMember')
    .where('posts.nodeId', 'in', [...new Set(rows.map((r) => r.nodeId))])
    .execute();
  return rows.map((r) => {
    // A member counts if their post held at the asked instant, or overlapped the span.
    const members = posts.filter((p) => {
      if (p.nodeId !== r.nodeId) return false;
      const pFrom = p.validFrom ?? 0;
      const pTo = p.validTo ?? Infinity;
      return at !== undefined ? pFrom <= at && pTo > at : pFrom < (r.validTo ?? Infinity) && pTo > r.validFrom;
    });
    return {
      structureId: r.structureId,
      structureName: r.structureName,
      grid: { id: r.nodeId, code: r.code, name: r.name },
      validFrom: r.validFrom,
      validTo: r.validTo,
      gridMembers: members.map((p) => ({
        personId: p.personId,
        name: p.name,
        validFrom: p.validFrom,
        validTo: p.validTo,
      })),
    };
  });
}

export const coverageHistory = (db: Executor, villageId: string, householdId: string) =>
  spans(db, villageId, householdId);

export async function coverageAt(
  db: Executor,
  villageId: string,
  householdId: string,
  at: number,
): Promise<CoverageSpan | null> {
  const [span] = await spans(db, villageId, householdId, at);
  return span ?? null;
}
