/**
 * Densifying a draft over HTTP on the demo village (加密网格, issue #10 point 9): 1,304 households
 * in 76 peacetime grids of 17–18 and twenty shops and institutions in none, re-cut to 12–18
 * households and units per grid. A dry run writes nothing; the real run leaves a draft that
 * covers everyone once within bounds and, once the new parts have grid members, activates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from '../helpers/demo-app';
import { addOtherVillage } from '../helpers/other-village';

const S = '/api/v1/villages/dahuashan/structures';
let t: DemoApp;

beforeAll(async () => {
  t = await demoApp();
}, 120_000);
afterAll(async () => t?.close());

const tables = ['structures', 'nodes', 'assignments', 'posts', 'auditLog', 'events'] as const;
const rowCounts = async () =>
  Object.fromEntries(
    await Promise.all(
      tables.map(async (name) => {
        const r = await t.ctx.db
          .selectFrom(name)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        return [name, Number(r.n)] as const;
      }),
    ),
  );

const body = { min: 12, max: 18, includeUnits: true };

describe('densify a draft of the active structure', () => {
  let draftId: string;

  it('previews without writing, then rewrites the draft so that it activates', async () => {
    const draft = await t.call('POST', S, { name: '应急加密网格' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    draftId = draft.body.id;
    const everyone = await t.ctx.db.selectFrom('households').select(['id', 'kind']).execute();
    expect(everyone.length).toBe(1324);

    const before = await rowCounts();
    const preview = await t.call('POST', `${S}/${draftId}/densify`, { ...body, dryRun: true });
    expect(preview.status, JSON.stringify(preview.body?.error)).toBe(200);
    expect(await rowCounts()).toEqual(before);
    expect(preview.body).toMatchObject({ dryRun: true, coverage: 'all' });
    expect(preview.body.summary).toMatchObject({ gridsBefore: 76, placed: 20, outOfBounds: 0 });
    const proposed = preview.body.grids.flatMap((g: { householdIds: string[] }) => g.householdIds);
    expect(new Set(proposed).size).toBe(1324);
    expect(proposed.length).toBe(1324);

    const res = await t.call('POST', `${S}/${draftId}/densify`, body);
    expect(res.status, JSON.stringify(res.body?.error)).toBe(200);
    expect(res.body.summary).toEqual(preview.body.summary);
    const gridsAfter = res.body.summary.gridsAfter as number;
    expect(Math.abs(gridsAfter - 74)).toBeLessThanOrEqual(4);

    // Every household and unit in exactly one grid of the draft, every grid within 12–18.
    const assigned = await t.ctx.db
      .selectFrom('assignments')
      .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
      .select(['assignments.householdId', 'assignments.nodeId', 'nodes.kind', 'nodes.name'])
      .where('assignments.structureId', '=', draftId)
      .execute();
    expect(assigned.length).toBe(1324);
    expect(new Set(assigned.map((a) => a.householdId))).toEqual(new Set(everyone.map((h) => h.id)));
    expect(assigned.every((a) => a.kind === 'grid')).toBe(true);
    const grids = await t.ctx.db
      .selectFrom('nodes')
      .select(['id', 'code', 'name', 'parentId'])
      .where('structureId', '=', draftId)
      .where('kind', '=', 'grid')
      .execute();
    expect(grids.length).toBe(gridsAfter);
    expect(new Set(grids.map((g) => g.code)).size).toBe(grids.length);
    const sizes = new Map<string, number>();
    for (const a of assigned) sizes.set(a.nodeId, (sizes.get(a.nodeId) ?? 0) + 1);
    for (const g of grids) {
      expect(sizes.get(g.id) ?? 0, g.name).toBeGreaterThanOrEqual(12);
      expect(sizes.get(g.id) ?? 0, g.name).toBeLessThanOrEqual(18);
    }
    const s = await t.ctx.db.selectFrom('structures').selectAll().where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(s).toMatchObject({ status: 'draft', coverage: 'all', sizeMin: 12, sizeMax: 18 });
    const audit = await t.ctx.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'structure.densify')
      .execute();
    expect(audit).toHaveLength(1);
    const events = await t.ctx.db
      .selectFrom('events')
      .select('type')
      .where('type', '=', 'structure.densified')
      .execute();
    expect(events).toHaveLength(1);

    // Grids without a grid member (the new parts of split grids): validation names those and nothing else.
    const unstaffed = res.body.unstaffed as { nodeId: string; code: string; name: string }[];
    const report = await t.call('GET', `${S}/${draftId}/validation`);
    expect(
      report.body.violations.map((v: { code: string; nodeCode: string }) => `${v.code} ${v.nodeCode}`).sort(),
    ).toEqual(unstaffed.map((u) => `GRID_WITHOUT_MEMBER ${u.code}`).sort());

    // Reserves appointed to the new parts, the draft validates and activates.
    const posted = await t.ctx.db.selectFrom('posts').select('personId').where('structureId', '=', draftId).execute();
    const busy = new Set(posted.map((p) => p.personId));
    const free = (
      await t.ctx.db.selectFrom('people').select(['id', 'reserve']).orderBy('reserve', 'desc').orderBy('id').execute()
    ).filter((p) => !busy.has(p.id));
    for (const [i, u] of unstaffed.entries()) {
      const appointed = await t.call('POST', `${S}/${draftId}/posts`, {
        nodeId: u.nodeId,
        personId: free[i].id,
        role: 'gridMember',
      });
      expect(appointed.status, JSON.stringify(appointed.body)).toBe(201);
    }
    expect((await t.call('GET', `${S}/${draftId}/validation`)).body).toMatchObject({ ok: true, violations: [] });
    const activated = await t.call('POST', `${S}/${draftId}/activate`, {});
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body).toMatchObject({ households: 1324, grids: gridsAfter });
  });

  it('cuts grids into named parts: the first keeps its node and grid member, the others are unstaffed', async () => {
    const draft = await t.call('POST', S, { name: '再加密' });
    const id = draft.body.id as string;
    const before = await t.ctx.db
      .selectFrom('nodes')
      .innerJoin('posts', 'posts.nodeId', 'nodes.id')
      .select(['nodes.id', 'nodes.name', 'posts.personId'])
      .where('nodes.structureId', '=', id)
      .where('nodes.kind', '=', 'grid')
      .where('posts.role', '=', 'gridMember')
      .execute();
    const res = await t.call('POST', `${S}/${id}/densify`, { min: 8, max: 10, includeUnits: true });
    expect(res.status, JSON.stringify(res.body?.error)).toBe(200);
    expect(res.body.summary).toMatchObject({ gridsBefore: before.length, outOfBounds: 0 });
    expect(res.body.summary.split).toBeGreaterThan(0);
    type G = { nodeId: string; code: string; name: string; size: number; from: { id: string; name: string } };
    const grids = res.body.grids as G[];
    for (const g of grids) expect(g.size).toBeGreaterThanOrEqual(8);
    for (const g of grids) expect(g.size).toBeLessThanOrEqual(10);
    const old = before[0];
    const parts = grids.filter((g) => g.from.id === old.id);
    expect(parts.map((g) => g.name)).toEqual(parts.map((_, i) => `${old.name}-${i + 1}`));
    expect(parts[0].nodeId).toBe(old.id);
    const posts = await t.ctx.db
      .selectFrom('posts')
      .select(['nodeId', 'personId'])
      .where('structureId', '=', id)
      .where('role', '=', 'gridMember')
      .execute();
    expect(posts.filter((p) => p.nodeId === old.id).map((p) => p.personId)).toEqual([old.personId]);
    const unstaffed = new Set((res.body.unstaffed as G[]).map((u) => u.nodeId));
    for (const p of parts.slice(1)) {
      expect(unstaffed.has(p.nodeId)).toBe(true);
      expect(posts.some((q) => q.nodeId === p.nodeId)).toBe(false);
    }
    const nodes = await t.ctx.db
      .selectFrom('nodes')
      .select(['code', 'name', 'kind'])
      .where('structureId', '=', id)
      .execute();
    expect(new Set(nodes.map((n) => n.code)).size).toBe(nodes.length);
    expect(nodes.filter((n) => n.kind === 'grid')).toHaveLength(grids.length);
    await t.call('DELETE', `${S}/${id}`);
  });

  it('refuses a structure that is not a draft, one of another village, and bad bounds', async () => {
    const active = await t.call('POST', `${S}/${draftId}/densify`, body);
    expect(active.status).toBe(409);
    expect(active.body.error.code).toBe('STRUCTURE_NOT_DRAFT');

    const now = t.clock.now();
    await addOtherVillage(t.ctx.db, now);
    await t.ctx.db
      .insertInto('structures')
      .values({
        id: 'other-draft',
        villageId: 'v-other',
        name: '别村草稿',
        status: 'draft',
        coverage: 'households',
        sizeMin: 15,
        sizeMax: 20,
        basedOn: null,
        note: null,
        createdAt: now,
        activatedAt: null,
        retiredAt: null,
      })
      .execute();
    const other = await t.call('POST', `${S}/other-draft/densify`, body);
    expect(other.status).toBe(404);

    const draft = await t.call('POST', S, { name: '再次加密' });
    const bad = await t.call('POST', `${S}/${draft.body.id}/densify`, { min: 18, max: 12, includeUnits: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'SIZE_BOUNDS', field: 'min' });
    expect(bad.body.error.zh).toContain('下限不能大于上限');
    expect(bad.body.error.en).toContain('minimum grid size cannot exceed the maximum');
    const tooBig = await t.call('POST', `${S}/${draft.body.id}/densify`, { min: 12, max: 101, includeUnits: true });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.field).toBe('max');
  });

  it('is the chief’s: a grid member is refused', async () => {
    const draft = await t.call('POST', S, { name: '网格员不能加密' });
    const member = await t.as('gridMember');
    const { auditLog: _denialIsAudited, ...before } = await rowCounts();
    const res = await member('POST', `${S}/${draft.body.id}/densify`, body);
    expect(res.status).toBe(403);
    const { auditLog: _denial, ...after } = await rowCounts();
    expect(after).toEqual(before);
  });
});
