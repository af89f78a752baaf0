/** The village overview and the places above villages (aggregates only, no personal data). */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import { activeStructureId, countWithoutGrid } from './repo';

async function counts(db: Executor, villageIds: string[]) {
  if (!villageIds.length) return { households: 0, units: 0, residents: 0, grids: 0, staff: 0 };
  const kinds = await db
    .selectFrom('households')
    .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('villageId', 'in', villageIds)
    .groupBy('kind')
    .execute();
  const [res] = await db
    .selectFrom('residents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('villageId', 'in', villageIds)
    .execute();
  const [grids] = await db
    .selectFrom('nodes')
    .innerJoin('structures', 'structures.id', 'nodes.structureId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('structures.villageId', 'in', villageIds)
    .where('structures.status', '=', 'active')
    .where('nodes.kind', '=', 'grid')
    .execute();
  const [staff] = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('villageId', 'in', villageIds)
    .execute();
  const households = Number(kinds.find((k) => k.kind === 'household')?.n ?? 0);
  const all = kinds.reduce((s, k) => s + Number(k.n), 0);
  return {
    households,
    units: all - households,
    residents: Number(res.n),
    grids: Number(grids.n),
    staff: Number(staff.n),
  };
}

export async function villageOverview(ctx: Ctx, caller: Caller) {
  const village = villageOf(caller);
  const structureId = await activeStructureId(ctx.db, village.id);
  const active = structureId
    ? await ctx.db.selectFrom('structures').selectAll().where('id', '=', structureId).executeTakeFirst()
    : null;
  const drafts = await ctx.db
    .selectFrom('structures')
    .select(['id', 'name'])
    .where('villageId', '=', village.id)
    .where('status', '=', 'draft')
    .execute();
  return {
    village: { id: village.id, code: village.code, name: village.name, nameEn: village.nameEn, path: village.path },
    counts: await counts(ctx.db, [village.id]),
    activeStructure: active
      ? {
          id: active.id,
          name: active.name,
          activatedAt: active.activatedAt,
          coverage: active.coverage,
          withoutGrid: await countWithoutGrid(ctx.db, village.id, active.id),
        }
      : null,
    drafts,
  };
}

/** Villages an account may look at: its own, or for officials every village below their place. */
async function visibleVillages(ctx: Ctx, caller: Caller) {
  const actor = caller.actor;
  if (!actor) return [];
  let q = ctx.db.selectFrom('villages').selectAll();
  if (actor.kind === 'official') q = q.where('path', 'like', `${actor.placePath ?? '/none/'}%`);
  else q = q.where('id', '=', actor.villageId ?? '');
  return q.orderBy('code').execute();
}

export async function listVillages(ctx: Ctx, caller: Caller) {
  const rows = await visibleVillages(ctx, caller);
  return rows.map((v) => ({ id: v.id, code: v.code, name: v.name, nameEn: v.nameEn, path: v.path }));
}

/** Places (districts, towns) with the aggregate counts of the villages below them. */
export async function listPlaces(ctx: Ctx, caller: Caller) {
  const places = await ctx.db.selectFrom('places').selectAll().orderBy('path').execute();
  const villages = await visibleVillages(ctx, caller);
  return Promise.all(
    places
      .filter((p) => villages.some((v) => v.path.startsWith(p.path)))
      .map(async (p) => {
        const below = villages.filter((v) => v.path.startsWith(p.path)).map((v) => v.id);
        return {
          id: p.id,
          code: p.code,
          name: p.name,
          nameEn: p.nameEn,
          kind: p.kind,
          path: p.path,
          villages: below.length,
          counts: await counts(ctx.db, below),
        };
      }),
  );
}
