/**
 * Write the demo village into the database in one transaction: places, village, both
 * structures with their nodes, posts and assignments, households and units, residents, staff,
 * and the open coverage rows of the active (peacetime) structure.
 */
import type { Ctx } from '../../context';
import { cliCaller, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { insertMany } from '../../db/bulk';
import { conflict } from '../../lib/errors';
import { DEFAULT_SEED, generateDemo } from './generate';
import { demoId } from './ids';

export interface DemoLoaded {
  villageId: string;
  code: string;
  name: string;
  households: number;
  units: number;
  residents: number;
  peacetimeStructureId: string;
  crisisStructureId: string;
}

const json = (tags: string[]) => JSON.stringify(tags);
const bit = (b: boolean) => (b ? 1 : 0);

/** `caller`: who loads it, for the audit log (default the `wangge demo` command). */
export async function loadDemo(ctx: Ctx, opts: { seed?: number; caller?: Caller } = {}): Promise<DemoLoaded> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const d = generateDemo(seed);
  const existing = await ctx.db
    .selectFrom('villages')
    .select('id')
    .where('code', '=', d.village.code)
    .executeTakeFirst();
  if (existing)
    throw conflict(
      'DEMO_EXISTS',
      `演示村（${d.village.code}）已存在`,
      `The demo village (${d.village.code}) already exists`,
      'code',
    );
  const now = ctx.clock.now();
  const active = new Set(d.structures.filter((s) => s.status === 'active').map((s) => s.id));
  const coverage = d.assignments
    .filter((a) => active.has(a.structureId))
    .map((a) => ({
      id: demoId(seed, 'coverage', `${a.structureId}/${a.householdId}`),
      villageId: a.villageId,
      householdId: a.householdId,
      structureId: a.structureId,
      nodeId: a.nodeId,
      validFrom: now,
      validTo: null,
    }));

  await write(ctx, opts.caller ?? cliCaller(null, 'demo'), async (w) => {
    const trx = w.trx;
    await insertMany(
      ctx.database,
      trx,
      'places',
      d.places.map((p) => ({ ...p, createdAt: now })),
    );
    await insertMany(ctx.database, trx, 'villages', [{ ...d.village, createdAt: now }]);
    await insertMany(
      ctx.database,
      trx,
      'structures',
      d.structures.map((s) => ({
        ...s,
        createdAt: now,
        activatedAt: s.status === 'active' ? now : null,
        retiredAt: null,
      })),
    );
    await insertMany(ctx.database, trx, 'nodes', d.nodes);
    await insertMany(
      ctx.database,
      trx,
      'households',
      d.households.map((h) => ({ ...h, tags: json(h.tags), createdAt: now, updatedAt: now })),
    );
    await insertMany(
      ctx.database,
      trx,
      'residents',
      d.residents.map((r) => ({ ...r, tags: json(r.tags), createdAt: now, updatedAt: now })),
    );
    await insertMany(
      ctx.database,
      trx,
      'people',
      d.people.map((p) => ({
        ...p,
        partyMember: bit(p.partyMember),
        dutyTags: json(p.dutyTags),
        reserve: bit(p.reserve),
        createdAt: now,
      })),
    );
    await insertMany(
      ctx.database,
      trx,
      'posts',
      d.posts.map((p) => {
        const live = active.has(p.structureId);
        return { ...p, validFrom: live ? now : null, validTo: null, createdAt: now };
      }),
    );
    await insertMany(ctx.database, trx, 'assignments', d.assignments);
    await insertMany(ctx.database, trx, 'coverage', coverage);
    const village = d.village.id;
    w.audit({
      villageId: village,
      action: 'village.demo_load',
      targetType: 'village',
      targetId: village,
      after: { code: d.village.code, seed, households: d.households.length, residents: d.residents.length },
    });
    w.emit({ villageId: village, type: 'village.created', subjectType: 'village', subjectId: village });
  });

  return {
    villageId: d.village.id,
    code: d.village.code,
    name: d.village.name,
    households: d.households.filter((h) => h.kind === 'household').length,
    units: d.households.filter((h) => h.kind !== 'household').length,
    residents: d.residents.length,
    peacetimeStructureId: d.peacetimeStructureId,
    crisisStructureId: d.crisisStructureId,
  };
}
