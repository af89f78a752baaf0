import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from '../helpers/demo-app';

const V = '/api/v1/villages/dahuashan';

describe('versioned grid structures on the demo village', () => {
  let t: DemoApp;
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  const tree = async (id: string) => (await t.call('GET', `${V}/structures/${id}`)).body;
  const household = async (number: string) => (await t.call('GET', `${V}/households?q=${number}`)).body.items[0];

  it('serves the demo village: 1,304 households, 20 units, 2,676 residents, 76 active grids', async () => {
    const { status, body } = await t.call('GET', V);
    expect(status).toBe(200);
    expect(body.counts).toMatchObject({ households: 1304, units: 20, residents: 2676, grids: 76 });
    expect(body.activeStructure.coverage).toBe('households');
    expect(body.drafts).toHaveLength(1);
  });

  it('shows the active tree "1+4+14+76" with counts and who is responsible', async () => {
    const { nodes } = await tree('active');
    const kinds = (k: string) => nodes.filter((n: any) => n.kind === k);
    expect([kinds('root').length, kinds('zone').length, kinds('patch').length, kinds('grid').length]).toEqual([
      1, 4, 14, 76,
    ]);
    expect(kinds('root')[0].households).toBe(1304);
    expect(kinds('root')[0].staff.map((s: any) => s.role)).toContain('chief');
    for (const g of kinds('grid')) {
      expect(g.households).toBeGreaterThanOrEqual(15);
      expect(g.households).toBeLessThanOrEqual(20);
      expect(g.staff.some((s: any) => s.role === 'gridMember')).toBe(true);
    }
  });

  it('refuses a draft that leaves one household uncovered, names that household, and changes nothing', async () => {
    const draft = (await t.call('POST', `${V}/structures`, { name: '少一户的草稿' })).body;
    expect((await t.call('GET', `${V}/structures/${draft.id}/validation`)).body).toMatchObject({
      ok: true,
      violations: [],
    });
    const big = (await tree(draft.id)).nodes.find((n: any) => n.kind === 'grid' && n.households > 15);
    const inGrid = (
      await t.call(
        'GET',
        `${V}/households?node=${(await tree('active')).nodes.find((n: any) => n.code === big.code).id}&pageSize=1`,
      )
    ).body.items[0];
    expect((await t.call('POST', `${V}/structures/${draft.id}/unassign`, { householdIds: [inGrid.id] })).body).toEqual({
      removed: 1,
    });

    const refused = await t.call('POST', `${V}/structures/${draft.id}/activate`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('STRUCTURE_INVALID');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ code: 'UNCOVERED', householdId: inGrid.id, householdNumber: inGrid.number }),
    ]);
    expect(refused.body.error.zh).toContain(inGrid.number);
    expect(refused.body.error.en).toContain(inGrid.number);

    const after = (await t.call('GET', V)).body;
    expect(after.activeStructure.name).toBe('平时网格 1+4+14+76');
    expect((await t.call('DELETE', `${V}/structures/${draft.id}`)).status).toBe(204);
  });

  it('edits a draft: move, split, merge, rename, staff; the diff shows what changed', async () => {
    const draft = (await t.call('POST', `${V}/structures`, { name: '调整草稿' })).body;
    const nodes = (await tree(draft.id)).nodes;
    const [g1, g2] = nodes.filter((n: any) => n.kind === 'grid');
    const hh = await household('DHS-0001');
    const fromGrid = nodes.find((n: any) => n.code === hh.grid.code);
    const target = fromGrid.id === g1.id ? g2 : g1;
    expect(
      (await t.call('POST', `${V}/structures/${draft.id}/moves`, { householdIds: [hh.id], toNodeId: target.id })).body,
    ).toEqual({ moved: 1 });
    // Moving again is a no-op (one effect for a retried request).
    expect(
      (await t.call('POST', `${V}/structures/${draft.id}/moves`, { householdIds: [hh.id], toNodeId: target.id })).body,
    ).toEqual({ moved: 0 });

    const renamed = await t.call('PATCH', `${V}/structures/${draft.id}/nodes/${target.id}`, { name: '改名网格' });
    expect(renamed.body.name).toBe('改名网格');
    const taken = await t.call('PATCH', `${V}/structures/${draft.id}/nodes/${target.id}`, { code: fromGrid.code });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'CODE_TAKEN', field: 'code' });

    const d = (await t.call('GET', `${V}/structures/diff?from=active&to=${draft.id}`)).body;
    expect(d.householdsMoved).toEqual([
      expect.objectContaining({
        householdNumber: 'DHS-0001',
        from: expect.objectContaining({ code: fromGrid.code }),
        to: expect.objectContaining({ code: target.code }),
      }),
    ]);
    expect(d.nodesRenamed).toEqual([expect.objectContaining({ code: target.code, to: '改名网格' })]);

    // Split five households off g1 into a new grid: g1 may fall below 15 → listed as a violation.
    const g1Households = (
      await t.call(
        'GET',
        `${V}/households?node=${(await tree('active')).nodes.find((n: any) => n.code === g1.code).id}&pageSize=50`,
      )
    ).body.items.filter((h: any) => h.id !== hh.id);
    const split = await t.call('POST', `${V}/structures/${draft.id}/split`, {
      nodeId: g1.id,
      householdIds: g1Households.slice(0, 5).map((h: any) => h.id),
      name: '新拆网格',
    });
    expect(split.status).toBe(201);
    const v = (await t.call('GET', `${V}/structures/${draft.id}/validation`)).body;
    expect(v.ok).toBe(false);
    expect(v.violations.map((x: any) => x.code)).toEqual(
      expect.arrayContaining(['GRID_TOO_SMALL', 'GRID_WITHOUT_MEMBER']),
    );
    expect(v.violations.find((x: any) => x.code === 'GRID_WITHOUT_MEMBER').nodeId).toBe(split.body.id);

    // Staff the new grid from the reserve, then merge it back: the violations go away again.
    const reserve = (await t.call('GET', `${V}/people?reserve=1&unposted=1`)).body.items[0];
    const post = await t.call('POST', `${V}/structures/${draft.id}/posts`, {
      nodeId: split.body.id,
      personId: reserve.id,
      role: 'gridMember',
    });
    expect(post.status).toBe(201);
    const wrongRole = await t.call('POST', `${V}/structures/${draft.id}/posts`, {
      nodeId: split.body.id,
      personId: reserve.id,
      role: 'branchLeader',
    });
    expect(wrongRole.body.error).toMatchObject({ code: 'ROLE_NOT_FOR_NODE', field: 'role' });
    const merged = await t.call('POST', `${V}/structures/${draft.id}/merge`, { nodeIds: [g1.id, split.body.id] });
    expect(merged.status).toBe(200);
    const v2 = (await t.call('GET', `${V}/structures/${draft.id}/validation`)).body;
    expect(v2.violations.filter((x: any) => x.nodeId === split.body.id || x.nodeId === g1.id)).toEqual([]);
    await t.call('DELETE', `${V}/structures/${draft.id}`);
  });

  it('rejects bad input with the one error shape and the field at fault', async () => {
    const res = await t.call('POST', `${V}/structures`, { name: '' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'NAME_EMPTY', field: 'name' });
    expect(res.body.error.zh).toBeTruthy();
    expect(res.body.error.en).toBeTruthy();
    const activeEdit = await t.call(
      'POST',
      `${V}/structures/${(await t.call('GET', V)).body.activeStructure.id}/split`,
      { nodeId: 'x', householdIds: ['y'], name: 'z' },
    );
    expect(activeEdit.body.error.code).toBe('STRUCTURE_NOT_DRAFT');
  });

  it('backfills an absent grid member in the active structure, keeping the record', async () => {
    const active = await tree('active');
    const grid = active.nodes.find((n: any) => n.kind === 'grid');
    const member = grid.staff.find((s: any) => s.role === 'gridMember');
    const lastOne = await t.call('DELETE', `${V}/structures/${active.structure.id}/posts/${member.postId}`);
    expect(lastOne.status).toBe(409);
    expect(lastOne.body.error.code).toBe('LAST_GRID_MEMBER');
    const reserve = (await t.call('GET', `${V}/people?reserve=1&unposted=1`)).body.items[0];
    t.clock.advance(60_000);
    const replaced = await t.call('POST', `${V}/structures/${active.structure.id}/posts/${member.postId}/replace`, {
      personId: reserve.id,
    });
    expect(replaced.status).toBe(200);
    const hh = (await t.call('GET', `${V}/households?node=${grid.id}&pageSize=1`)).body.items[0];
    expect(hh.gridMembers).toEqual([reserve.name]);
    const page = (await t.call('GET', `${V}/households/${hh.id}`)).body;
    expect(page.history[0].gridMembers.map((m: any) => m.name)).toEqual([member.name, reserve.name]);
    t.clock.advance(60_000);
  });

  it('activates the crisis draft in one transaction: 74 grids cover every household and unit; history answers before and after', async () => {
    const before = t.clock.now();
    const hh = await household('DHS-0001');
    const crisis = (await t.call('GET', V)).body.drafts.find((d: any) => d.name.startsWith('疫情网格'));
    expect((await t.call('GET', `${V}/structures/${crisis.id}/validation`)).body).toMatchObject({ ok: true });
    t.clock.advance(3_600_000);
    const res = await t.call('POST', `${V}/structures/${crisis.id}/activate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ households: 1324, grids: 74 });
    const overview = (await t.call('GET', V)).body;
    expect(overview.counts.grids).toBe(74);
    const { nodes } = await tree('active');
    expect(nodes.find((n: any) => n.kind === 'root')).toMatchObject({ households: 1304, units: 20, grids: 74 });
    for (const g of nodes.filter((n: any) => n.kind === 'grid'))
      expect(g.households + g.units).toBeGreaterThanOrEqual(12);
    const subLeaders = nodes.filter((n: any) => n.kind === 'patch');
    expect(subLeaders).toHaveLength(23);

    const at = (ms: number) => t.call('GET', `${V}/households/${hh.id}/coverage?at=${new Date(ms).toISOString()}`);
    const then = (await at(before)).body.coverage;
    const now = (await at(t.clock.now())).body.coverage;
    expect(then.structureName).toMatch(/^平时网格/);
    expect(now.structureName).toMatch(/^疫情网格/);
    expect(then.grid.code).not.toBe(now.grid.code);
    expect(then.gridMembers.length).toBeGreaterThan(0);
    expect(now.gridMembers.length).toBeGreaterThan(0);
    const page = (await t.call('GET', `${V}/households/${hh.id}`)).body;
    expect(page.grid.code).toBe(now.grid.code);
    expect(page.responsible.map((r: any) => r.role)).toEqual(['gridMember', 'subLeader', 'chief']);

    // A second activation of the same structure is refused; the old one is history.
    expect((await t.call('POST', `${V}/structures/${crisis.id}/activate`)).body.error.code).toBe('STRUCTURE_NOT_DRAFT');
    const list = (await t.call('GET', `${V}/structures`)).body.items;
    expect(list.filter((s: any) => s.status === 'active')).toHaveLength(1);
    expect(list.find((s: any) => s.name.startsWith('平时网格')).status).toBe('retired');
  });
});

describe('looking into a draft', () => {
  it('lists a draft grid’s households and the people unposted in that draft (village-wide posts only)', async () => {
    const t = await demoApp();
    try {
      const V = '/api/v1/villages/dahuashan';
      const crisis = (await t.call('GET', V)).body.drafts[0];
      const grid = (await t.call('GET', `${V}/structures/${crisis.id}`)).body.nodes.find((n: any) => n.kind === 'grid');
      const list = (await t.call('GET', `${V}/households?structure=${crisis.id}&node=${grid.id}&pageSize=50`)).body;
      expect(list.total).toBe(grid.households + grid.units);
      expect(list.items.every((h: any) => h.grid.code === grid.code)).toBe(true);
      const unpostedInDraft = (await t.call('GET', `${V}/people?structure=${crisis.id}&unposted=1`)).body.items.map(
        (p: any) => p.id,
      );
      const unpostedActive = (await t.call('GET', `${V}/people?unposted=1`)).body.items.map((p: any) => p.id);
      expect(unpostedInDraft).not.toEqual(unpostedActive);
      const member = await t.as('gridMember');
      expect((await member('GET', `${V}/households?structure=${crisis.id}`)).status).toBe(403);
    } finally {
      await t.close();
    }
  });
});
