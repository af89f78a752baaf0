/** Scope follows the structure: each person sees and changes only their subtree; others get 404, never data. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { addOtherVillage } from '../helpers/other-village';

const V = '/api/v1/villages/dahuashan';

describe('hierarchy scopes', () => {
  let t: DemoApp;
  let member: Call;
  let myGrid: any;
  let mine: any;
  let theirs: any;
  beforeAll(async () => {
    t = await demoApp();
    member = await t.as('gridMember');
    const me = (await member('GET', '/api/v1/auth/me')).body;
    myGrid = me.posts.find((p: any) => p.role === 'gridMember');
    mine = (await t.call('GET', `${V}/households?node=${myGrid.nodeId}&pageSize=100`)).body;
    const all = (await t.call('GET', `${V}/households?kind=household&pageSize=500`)).body.items;
    theirs = all.find((h: any) => h.grid && h.grid.id !== myGrid.nodeId);
  });
  afterAll(async () => t.close());

  it('a grid member lists exactly the households of their grid', async () => {
    const list = (await member('GET', `${V}/households?pageSize=100`)).body;
    expect(list.total).toBe(mine.total);
    expect(list.items.every((h: any) => h.grid.id === myGrid.nodeId)).toBe(true);
    const residents = (await member('GET', `${V}/residents?pageSize=500`)).body;
    const ids = new Set(mine.items.map((h: any) => h.number));
    expect(residents.items.every((r: any) => ids.has(r.householdNumber))).toBe(true);
  });

  it('a grid member cannot read or change a household of another grid by guessing its id', async () => {
    const own = await member('GET', `${V}/households/${mine.items[0].id}`);
    expect(own.status).toBe(200);
    const other = await member('GET', `${V}/households/${theirs.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(other.body)).not.toContain(theirs.number);
    const put = await member('PUT', `${V}/households/${theirs.id}`, {
      number: theirs.number,
      kind: 'household',
      address: '改地址',
    });
    expect(put.status).toBe(404);
    const page = (await t.call('GET', `${V}/households/${theirs.id}`)).body;
    expect(page.household.address).not.toBe('改地址');
    const reveal = await member('POST', `${V}/residents/${page.residents[0].id}/reveal`);
    expect(reveal.status).toBe(404);
    const add = await member('POST', `${V}/residents`, {
      householdId: theirs.id,
      name: '某人',
      idNumber: makeIdNumber('110117', '2001-01-01', 21),
      relation: 'other',
      status: 'resident',
    });
    expect(add.status).toBe(404);
    const byQuery = (await member('GET', `${V}/households?q=${theirs.number}`)).body;
    expect(byQuery.total).toBe(0);
  });

  it('a grid leader sees their patch, a branch leader their zone, the chief and the evaluator everything', async () => {
    const tree = (await t.call('GET', `${V}/structures/active`)).body.nodes;
    for (const [who, kind] of [
      ['gridLeader', 'patch'],
      ['branchLeader', 'zone'],
    ] as const) {
      const c = await t.as(who);
      const me = (await c('GET', '/api/v1/auth/me')).body;
      const node = tree.find((n: any) => n.id === me.posts[0].nodeId);
      expect(node.kind).toBe(kind);
      expect((await c('GET', `${V}/households?pageSize=1`)).body.total).toBe(node.households);
    }
    const evaluator = await t.as('evaluator');
    expect((await evaluator('GET', `${V}/households?kind=household&pageSize=1`)).body.total).toBe(1304);
    expect(
      (
        await evaluator('PUT', `${V}/households/${theirs.id}`, {
          number: theirs.number,
          kind: 'household',
          address: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('a villager sees their own household only, without staff-only fields', async () => {
    const villager = await t.as('villager');
    const me = (await villager('GET', '/api/v1/auth/me')).body;
    const own = await villager('GET', `${V}/households/${me.householdId}`);
    expect(own.status).toBe(200);
    expect(own.body.household).not.toHaveProperty('tags');
    expect(own.body).not.toHaveProperty('history');
    expect(own.body.residents[0]).not.toHaveProperty('tags');
    expect(own.body.gridMembers[0].phone).toMatch(/^1\d{10}$/); // they can call their grid member
    expect((await villager('GET', `${V}/households/${theirs.id}`)).status).toBe(404);
    expect((await villager('GET', `${V}/households?pageSize=50`)).body.total).toBe(1);
    expect((await villager('GET', `${V}/people`)).status).toBe(403);
  });

  it('a town official sees counts of their villages but no names', async () => {
    const official = await t.as('townOfficial');
    const overview = await official('GET', V);
    expect(overview.status).toBe(200);
    expect(overview.body.counts).toMatchObject({ households: 1304, grids: 76 });
    const places = (await official('GET', '/api/v1/places')).body.items;
    expect(places.find((p: any) => p.kind === 'town').counts.residents).toBe(2676);
    expect((await official('GET', `${V}/households`)).status).toBe(403);
    expect((await official('GET', `${V}/residents`)).status).toBe(403);
    const head = (await t.call('GET', `${V}/households?q=DHS-0001`)).body.items[0].head;
    expect(JSON.stringify(overview.body) + JSON.stringify(places)).not.toContain(head);
  });

  it('nobody reaches another village', async () => {
    const now = t.clock.now();
    await addOtherVillage(t.ctx.db, now);
    const res = await t.call('GET', '/api/v1/villages/other/households');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('OTHER_VILLAGE');
    const official = await t.as('townOfficial');
    expect((await official('GET', '/api/v1/villages/other')).status).toBe(403);
  });

  it('after the crisis structure is activated, a grid member’s access follows their new grid at once', async () => {
    const crisis = (await t.call('GET', V)).body.drafts[0];
    expect((await t.call('POST', `${V}/structures/${crisis.id}/activate`)).status).toBe(200);
    const me = (await member('GET', '/api/v1/auth/me')).body;
    const newGrid = me.posts.find((p: any) => p.role === 'gridMember');
    expect(newGrid.nodeCode).toMatch(/^C\d+$/);
    const now = (await t.call('GET', `${V}/households?node=${newGrid.nodeId}&pageSize=100`)).body.items;
    const list = (await member('GET', `${V}/households?pageSize=100`)).body;
    expect(list.items.map((h: any) => h.id).sort()).toEqual(now.map((h: any) => h.id).sort());
    const lost = mine.items.find((h: any) => !now.some((n: any) => n.id === h.id));
    if (lost) expect((await member('GET', `${V}/households/${lost.id}`)).status).toBe(404);
    const gained = now.find((h: any) => !mine.items.some((m: any) => m.id === h.id));
    expect(gained).toBeTruthy();
    expect((await member('GET', `${V}/households/${gained.id}`)).status).toBe(200);
  });
});
