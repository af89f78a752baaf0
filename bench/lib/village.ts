/**
 * A village to import into: the village row and an active structure (root → zones → patches →
 * grids, one grid member per grid), as tests/helpers/import-fixture.ts does, with as many grids
 * as the roster names (codes G001…, names 第N网格).
 */
import type { Ctx } from '../../server/src/context';
import { newId } from '../../server/src/lib/ids';

export interface BenchVillage {
  villageId: string;
  code: string;
  structureId: string;
  grids: { id: string; code: string; name: string }[];
}

export async function makeVillage(ctx: Ctx, code: string, gridCount: number): Promise<BenchVillage> {
  const now = ctx.clock.now();
  const villageId = newId();
  const structureId = newId();
  const rootId = newId();
  const zones = Array.from({ length: Math.max(1, Math.ceil(gridCount / 60)) }, () => newId());
  const patches = Array.from({ length: Math.max(1, Math.ceil(gridCount / 12)) }, () => newId());
  const grids = Array.from({ length: gridCount }, (_, i) => ({
    id: newId(),
    code: `G${String(i + 1).padStart(3, '0')}`,
    name: `第${i + 1}网格`,
  }));
  const node = (
    id: string,
    parentId: string | null,
    kind: 'root' | 'zone' | 'patch' | 'grid',
    c: string,
    name: string,
    path: string,
    depth: number,
    sort: number,
  ) => ({
    id,
    villageId,
    structureId,
    parentId,
    kind,
    code: c,
    name,
    path,
    depth,
    sort,
  });
  const zonePath = (z: number) => `/${rootId}/${zones[z]}`;
  const patchZone = (p: number) => p % zones.length;
  const patchPath = (p: number) => `${zonePath(patchZone(p))}/${patches[p]}`;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('villages')
      .values({
        id: villageId,
        code,
        name: `青山村${code}`,
        nameEn: null,
        placeId: null,
        path: `/${villageId}`,
        createdAt: now,
      })
      .execute();
    await trx
      .insertInto('structures')
      .values({
        id: structureId,
        villageId,
        name: '平时',
        status: 'active',
        coverage: 'all',
        sizeMin: 1,
        sizeMax: 1000,
        basedOn: null,
        note: null,
        createdAt: now,
        activatedAt: now,
        retiredAt: null,
      })
      .execute();
    const nodes = [
      node(rootId, null, 'root', 'ROOT', '青山村', `/${rootId}`, 0, 0),
      ...zones.map((z, i) => node(z, rootId, 'zone', `Z${i + 1}`, `第${i + 1}区`, zonePath(i), 1, i)),
      ...patches.map((p, i) => node(p, zones[patchZone(i)], 'patch', `P${i + 1}`, `第${i + 1}片`, patchPath(i), 2, i)),
      ...grids.map((g, i) => {
        const p = Math.floor((i * patches.length) / grids.length);
        return node(g.id, patches[p], 'grid', g.code, g.name, `${patchPath(p)}/${g.id}`, 3, i);
      }),
    ];
    for (let i = 0; i < nodes.length; i += 200)
      await trx
        .insertInto('nodes')
        .values(nodes.slice(i, i + 200))
        .execute();
    const people = grids.map((g) => ({
      id: newId(),
      villageId,
      residentId: null,
      name: `网格员${g.code}`,
      phone: null,
      gender: null,
      partyMember: 0,
      dutyTags: '[]',
      reserve: 0,
      createdAt: now,
    }));
    for (let i = 0; i < people.length; i += 200)
      await trx
        .insertInto('people')
        .values(people.slice(i, i + 200))
        .execute();
    const posts = grids.map((g, i) => ({
      id: newId(),
      villageId,
      structureId,
      nodeId: g.id,
      personId: people[i].id,
      role: 'gridMember' as const,
      validFrom: now,
      validTo: null,
      createdAt: now,
    }));
    for (let i = 0; i < posts.length; i += 200)
      await trx
        .insertInto('posts')
        .values(posts.slice(i, i + 200))
        .execute();
  });
  return { villageId, code, structureId, grids };
}
