import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { loadDemo } from '../../server/src/modules/demo/load';
import { generateDemo } from '../../server/src/modules/demo/generate';
import { testDb, type TestDb } from '../helpers/db';

const count = async (
  t: TestDb,
  table:
    | 'places'
    | 'villages'
    | 'structures'
    | 'nodes'
    | 'households'
    | 'residents'
    | 'people'
    | 'posts'
    | 'assignments'
    | 'coverage',
) =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('loading the demo village', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDb();
  });
  afterEach(async () => {
    await t.dispose();
  });

  it('writes the whole village, with one open coverage row per household of the active structure', async () => {
    const res = await loadDemo(t.ctx);
    expect(res).toMatchObject({ code: 'dahuashan', name: '大华山村', households: 1304, units: 20, residents: 2676 });
    const d = generateDemo();
    expect(await count(t, 'places')).toBe(2);
    expect(await count(t, 'villages')).toBe(1);
    expect(await count(t, 'households')).toBe(1324);
    expect(await count(t, 'residents')).toBe(2676);
    expect(await count(t, 'people')).toBe(d.people.length);
    expect(await count(t, 'nodes')).toBe(95 + 98);
    expect(await count(t, 'posts')).toBe(d.posts.length);
    expect(await count(t, 'assignments')).toBe(1304 + 1324);
    expect(await count(t, 'coverage')).toBe(1304);

    const db = t.ctx.db;
    const now = t.clock.now();
    const structures = await db.selectFrom('structures').selectAll().orderBy('name', 'desc').execute();
    const peace = structures.find((s) => s.id === res.peacetimeStructureId)!;
    const crisis = structures.find((s) => s.id === res.crisisStructureId)!;
    expect(peace).toMatchObject({
      status: 'active',
      coverage: 'households',
      activatedAt: now,
      villageId: res.villageId,
    });
    expect(crisis).toMatchObject({ status: 'draft', coverage: 'all', activatedAt: null, basedOn: peace.id });

    // Grid sizes by SQL.
    const sizes = await db
      .selectFrom('assignments')
      .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
      .select(['assignments.structureId', 'nodes.kind', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['assignments.structureId', 'assignments.nodeId', 'nodes.kind'])
      .execute();
    const peaceSizes = sizes.filter((s) => s.structureId === peace.id).map((s) => Number(s.n));
    const crisisSizes = sizes.filter((s) => s.structureId === crisis.id).map((s) => Number(s.n));
    expect(new Set(sizes.map((s) => s.kind))).toEqual(new Set(['grid']));
    expect([peaceSizes.length, Math.min(...peaceSizes), Math.max(...peaceSizes)]).toEqual([76, 17, 18]);
    expect([crisisSizes.length, Math.min(...crisisSizes), Math.max(...crisisSizes)]).toEqual([74, 17, 18]);

    // Coverage: every household (not the units) exactly once, open, on its peacetime grid.
    const uncovered = await db
      .selectFrom('households')
      .leftJoin('coverage', (j) =>
        j.onRef('coverage.householdId', '=', 'households.id').on('coverage.validTo', 'is', null),
      )
      .select(['households.kind', (eb) => eb.fn.count('coverage.id').as('n')])
      .groupBy(['households.id', 'households.kind'])
      .execute();
    expect(uncovered.filter((u) => u.kind === 'household').every((u) => Number(u.n) === 1)).toBe(true);
    expect(uncovered.filter((u) => u.kind !== 'household').every((u) => Number(u.n) === 0)).toBe(true);
    const mismatched = await db
      .selectFrom('coverage')
      .innerJoin('assignments', (j) =>
        j
          .onRef('assignments.householdId', '=', 'coverage.householdId')
          .onRef('assignments.structureId', '=', 'coverage.structureId'),
      )
      .select((eb) => eb.fn.countAll().as('n'))
      .where(sql<boolean>`assignments.node_id <> coverage.node_id`)
      .executeTakeFirstOrThrow();
    expect(Number(mismatched.n)).toBe(0);
    const cov = await db.selectFrom('coverage').select(['structureId', 'validFrom', 'validTo']).distinct().execute();
    expect(cov).toEqual([{ structureId: peace.id, validFrom: now, validTo: null }]);

    // Posts: live in the active structure, not yet in the draft.
    const posts = await db.selectFrom('posts').select(['structureId', 'validFrom', 'validTo']).distinct().execute();
    expect(posts).toHaveLength(2);
    expect(posts).toContainEqual({ structureId: peace.id, validFrom: now, validTo: null });
    expect(posts).toContainEqual({ structureId: crisis.id, validFrom: null, validTo: null });

    // JSON text and integer booleans round-trip.
    const person = await db
      .selectFrom('people')
      .selectAll()
      .where('dutyTags', '<>', '[]')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(Array.isArray(JSON.parse(person.dutyTags))).toBe(true);
    expect([0, 1]).toContain(Number(person.partyMember));
    const reserve = await db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('reserve', '=', 1)
      .executeTakeFirstOrThrow();
    expect(Number(reserve.n)).toBe(10);
    const lone = await db
      .selectFrom('residents')
      .select('tags')
      .where('tags', 'like', '%独居老人%')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(lone.tags)).toContain('独居老人');
  });

  it('loads in one transaction: a late failure leaves nothing behind', async () => {
    const d = generateDemo();
    // A household in another village already holds the id of a demo household: the insert of
    // households fails after places, village, structures and nodes were written.
    const now = t.clock.now();
    await t.ctx.db
      .insertInto('villages')
      .values({
        id: 'other-village',
        code: 'other',
        name: '别村',
        nameEn: null,
        placeId: null,
        path: '/other/',
        createdAt: now,
      })
      .execute();
    await t.ctx.db
      .insertInto('households')
      .values({
        id: d.households[700].id,
        villageId: 'other-village',
        number: 'X-1',
        kind: 'household',
        name: null,
        address: '别村1号',
        tags: '[]',
        lat: null,
        lng: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await expect(loadDemo(t.ctx)).rejects.toThrow();
    expect(await count(t, 'places')).toBe(0);
    expect(await count(t, 'villages')).toBe(1);
    expect(await count(t, 'structures')).toBe(0);
    expect(await count(t, 'nodes')).toBe(0);
    expect(await count(t, 'households')).toBe(1);
    expect(await count(t, 'residents')).toBe(0);
    // And after removing the obstacle it loads.
    await t.ctx.db.deleteFrom('households').execute();
    await expect(loadDemo(t.ctx)).resolves.toMatchObject({ households: 1304 });
    // Loading it again is refused with a clear error, not a constraint violation.
    await expect(loadDemo(t.ctx)).rejects.toMatchObject({ code: 'DEMO_EXISTS', status: 409 });
  });
});
