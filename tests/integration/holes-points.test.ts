/**
 * Holes found by outside probing (issue #12) in the points module, each shown closed: member
 * accounts scoped like households, nothing posted into a settled year, stock never below zero,
 * evidence references checked, no settling of a year that has not begun, no appeal after the
 * year is settled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { activePostsOf } from '../../server/src/modules/structures/repo';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { png, uploadEvidence } from '../helpers/evidence';

const V = '/api/v1/villages/dahuashan';
const P = `${V}/points`;
const upload = (t: DemoApp, c: Call, data?: Buffer) => uploadEvidence(t.app, c, data);

const personOf = async (t: DemoApp, c: Call) => {
  const me = (await c('GET', '/api/v1/auth/me')).body;
  return (
    await t.ctx.db.selectFrom('accounts').select('personId').where('id', '=', me.account.id).executeTakeFirstOrThrow()
  ).personId!;
};

/** Every grid member of the active structure with the paths of their posts. */
async function gridMembers(t: DemoApp) {
  const ids = await t.ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .select('posts.personId')
    .distinct()
    .where('structures.status', '=', 'active')
    .where('structures.villageId', '=', t.demo.villageId)
    .where('posts.role', '=', 'gridMember')
    .where('posts.validTo', 'is', null)
    .execute();
  return Promise.all(
    ids.map(async ({ personId }) => ({
      personId,
      paths: (await activePostsOf(t.ctx.db, t.demo.villageId, personId)).map((p) => p.path),
    })),
  );
}

const entriesCount = async (t: DemoApp) =>
  Number(
    (
      await t.ctx.db
        .selectFrom('pointsEntries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Decide the demo village's waiting work and settle the open year. */
async function settleYear(evaluator: Call) {
  const queue = (await evaluator('GET', `${P}/queue`)).body;
  for (const e of queue.entries) await evaluator('POST', `${P}/entries/${e.id}/reject`, { reason: '年终前未补材料' });
  for (const o of queue.objections.filter((x: any) => x.status === 'open'))
    await evaluator('POST', `${P}/objections/${o.id}/ruling`, { decision: 'uphold', ruling: '核实无误' });
  for (const r of (await evaluator('GET', `${P}/reports`)).body.items.filter((x: any) => x.status === 'open'))
    await evaluator('POST', `${P}/reports/${r.id}/ruling`, { substantiated: false, ruling: '查无实据' });
  const year = (await evaluator('GET', `${P}/board`)).body.period.label;
  const settled = await evaluator('POST', `${P}/settlement`, { period: year });
  expect(settled.status, JSON.stringify(settled.body)).toBe(200);
  return settled.body;
}

describe('issue #12 holes in points', () => {
  let t: DemoApp;
  let member: Call;
  let leader: Call;
  let evaluator: Call;
  let villager: Call;
  let memberPerson: string;
  /** A grid member in the leader's patch (not the demo grid member), and one outside it. */
  let inPatch: string;
  let outside: string;

  beforeAll(async () => {
    t = await demoApp();
    member = await t.as('gridMember');
    leader = await t.as('gridLeader');
    evaluator = await t.as('evaluator');
    villager = await t.as('villager');
    memberPerson = await personOf(t, member);
    const leaderPaths = (await activePostsOf(t.ctx.db, t.demo.villageId, await personOf(t, leader))).map((p) => p.path);
    const under = (paths: string[], roots: string[]) => paths.some((p) => roots.some((r) => p.startsWith(r)));
    const all = await gridMembers(t);
    const mine = all.find((m) => m.personId === memberPerson)!.paths;
    inPatch = all.find((m) => m.personId !== memberPerson && under(m.paths, leaderPaths))!.personId;
    outside = all.find((m) => !under(m.paths, leaderPaths) && !under(m.paths, mine))!.personId;
    expect(inPatch && outside).toBeTruthy();
  });
  afterAll(async () => t.close());

  describe('a grid member’s account is in scope for that member and the leaders above their post', () => {
    it('reading an account by personId', async () => {
      expect((await member('GET', `${P}/accounts?personId=${memberPerson}`)).status).toBe(200);
      const other = await member('GET', `${P}/accounts?personId=${outside}`);
      expect(other.status).toBe(404);
      expect(other.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'personId' });
      expect((await leader('GET', `${P}/accounts?personId=${inPatch}`)).status).toBe(200);
      expect((await leader('GET', `${P}/accounts?personId=${outside}`)).status).toBe(404);
      expect((await evaluator('GET', `${P}/accounts?personId=${outside}`)).status).toBe(200);
      expect((await t.call('GET', `${P}/accounts?personId=${outside}`)).status).toBe(200);
      expect((await t.call('GET', `${P}/accounts?personId=no-such-person`)).status).toBe(404);
    });

    it('proposing for a grid member', async () => {
      const before = await entriesCount(t);
      const ref = await upload(t, member);
      const out = await member('POST', `${P}/entries`, {
        id: newId(),
        ruleCode: 'M02',
        target: { kind: 'member', personId: outside },
        reason: '别的网格的网格员',
        evidence: [ref],
      });
      expect(out.status).toBe(404);
      expect(out.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'target' });
      const far = await leader('POST', `${P}/entries`, {
        ruleCode: 'M03',
        target: { kind: 'member', personId: outside },
        reason: '别的片区',
      });
      expect(far.status).toBe(404);
      expect(await entriesCount(t)).toBe(before);
      const near = await leader('POST', `${P}/entries`, {
        ruleCode: 'M03',
        target: { kind: 'member', personId: inPatch },
        reason: '参加集中行动',
      });
      expect(near.status, JSON.stringify(near.body)).toBe(201);
      const anyone = await evaluator('POST', `${P}/entries`, {
        ruleCode: 'M04',
        target: { kind: 'member', personId: outside },
        reason: '突出贡献',
      });
      expect(anyone.status).toBe(201);
    });

    it('a villager reports only the staff responsible for their household', async () => {
      const me = (await villager('GET', '/api/v1/auth/me')).body;
      const household = (await villager('GET', `${V}/households/${me.householdId}`)).body;
      const mine = household.gridMembers[0].personId;
      const stranger = (await gridMembers(t)).find(
        (m) => !household.gridMembers.some((g: any) => g.personId === m.personId),
      )!.personId;
      const refused = await villager('POST', `${P}/reports`, {
        subjectPersonId: stranger,
        description: '不认识的网格员',
        evidence: [],
      });
      expect(refused.status).toBe(404);
      expect(refused.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'subjectPersonId' });
      expect(JSON.stringify(refused.body)).not.toMatch(/subject"/);
      const filed = await villager('POST', `${P}/reports`, {
        subjectPersonId: mine,
        description: '我的网格员',
        evidence: [],
      });
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    });
  });

  describe('evidence references are checked', () => {
    it('each item must be a photo uploaded in this village', async () => {
      const household = (await member('GET', `${V}/households?pageSize=5&kind=household`)).body.items[0];
      const propose = (evidence: string[]) =>
        member('POST', `${P}/entries`, {
          ruleCode: 'H01',
          target: { kind: 'household', householdId: household.id },
          reason: '院子干净',
          evidence,
        });
      const before = await entriesCount(t);
      for (const bad of [['evidence:none'], ['photo:yard.jpg'], [`evidence:${newId()}`], ['']]) {
        const r = await propose(bad);
        expect(r.status, JSON.stringify(bad)).toBe(400);
        expect(r.body.error.field).toMatch(/^evidence/);
        if (bad[0]) expect(r.body.error.code).toBe('EVIDENCE_UNKNOWN');
      }
      // A photo of another village is not this village's evidence.
      const now = t.clock.now();
      await t.ctx.db
        .insertInto('villages')
        .values({
          id: 'v-other',
          code: 'other',
          name: '别村',
          nameEn: null,
          placeId: null,
          path: '/o/',
          createdAt: now,
        })
        .execute();
      const foreign = newId();
      await t.ctx.db
        .insertInto('evidenceFiles')
        .values({
          id: foreign,
          villageId: 'v-other',
          accountId: 'acc-other',
          contentType: 'image/png',
          size: png.length,
          sha256: 'x'.repeat(64),
          data: png,
          createdAt: now,
        })
        .execute();
      expect((await propose([`evidence:${foreign}`])).body.error.code).toBe('EVIDENCE_UNKNOWN');
      expect(await entriesCount(t)).toBe(before);
      // Uploaded by someone else in the village: fine.
      const theirs = await upload(t, villager, Buffer.concat([png, Buffer.from('villager')]));
      const ok = await propose([theirs, await upload(t, member)]);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      const me = (await villager('GET', '/api/v1/auth/me')).body;
      const subject = (await villager('GET', `${V}/households/${me.householdId}`)).body.gridMembers[0];
      const report = await villager('POST', `${P}/reports`, {
        subjectPersonId: subject.personId,
        description: '证据不存在',
        evidence: ['evidence:none'],
      });
      expect(report.status).toBe(400);
      expect(report.body.error).toMatchObject({ code: 'EVIDENCE_UNKNOWN' });
    });
  });

  describe('reads and writes by id follow the caller’s scope', () => {
    it('pick-ups: listed and confirmed only for households in scope', async () => {
      const me = (await member('GET', '/api/v1/auth/me')).body;
      const grid = me.posts.find((p: any) => p.role === 'gridMember').nodeId;
      const all = (await t.call('GET', `${V}/households?kind=household&pageSize=500`)).body.items;
      const item = (await t.call('GET', `${P}/shop/items`)).body.items[0];
      const elsewhere = new Set(all.filter((h: any) => h.grid && h.grid.id !== grid).map((h: any) => h.id));
      const accounts = await t.ctx.db
        .selectFrom('pointsAccounts')
        .select(['householdId', 'balance', 'spent'])
        .where('kind', '=', 'household')
        .execute();
      const theirs = {
        id: accounts.find((a) => elsewhere.has(a.householdId) && a.balance - a.spent >= item.price)!.householdId,
      };
      const r = await t.call('POST', `${P}/shop/redemptions`, { id: newId(), itemId: item.id, householdId: theirs.id });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const listed = (c: Call) =>
        c('GET', `${P}/shop/redemptions`).then((x) => x.body.items.map((i: any) => i.id) as string[]);
      expect(await listed(evaluator)).toContain(r.body.id);
      expect(await listed(member)).not.toContain(r.body.id);
      const pick = await member('POST', `${P}/shop/redemptions/${r.body.id}/pickup`);
      expect(pick.status).toBe(404);
      expect((await evaluator('POST', `${P}/shop/redemptions/${r.body.id}/pickup`)).status).toBe(200);
    });

    it('households no grid covers: the whole village’s to see, not a grid member’s', async () => {
      const made = await t.call('POST', `${V}/households`, { number: 'U-9001', kind: 'household', address: '村外1号' });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const active = (await t.call('GET', `${V}/structures`)).body.items.find((s: any) => s.status === 'active');
      const numbers = async (c: Call) =>
        (await c('GET', `${V}/structures/${active.id}/uncovered`)).body.items.map((h: any) => h.number);
      expect(await numbers(t.call)).toContain('U-9001');
      expect(await numbers(member)).not.toContain('U-9001');
    });
  });

  describe('shop goods', () => {
    it('stock never goes below zero, nor above the bound', async () => {
      const item = (await t.call('GET', `${P}/shop/items`)).body.items[0];
      const down = await t.call('PATCH', `${P}/shop/items/${item.id}`, { addStock: -1_000_000 });
      expect(down.status).toBe(409);
      expect(down.body.error).toMatchObject({ code: 'STOCK_BELOW_ZERO', field: 'addStock' });
      const up = await t.call('PATCH', `${P}/shop/items/${item.id}`, { addStock: 1_000_000 });
      expect(up.status).toBe(409);
      expect(up.body.error).toMatchObject({ code: 'STOCK_TOO_HIGH', field: 'addStock' });
      const after = (await t.call('GET', `${P}/shop/items`)).body.items.find((i: any) => i.id === item.id);
      expect(after.stock).toBe(item.stock);
      const all = await t.call('PATCH', `${P}/shop/items/${item.id}`, { addStock: -item.stock });
      expect(all.status).toBe(200);
      expect(all.body.stock).toBe(0);
      expect((await t.call('PATCH', `${P}/shop/items/${item.id}`, { price: 0 })).status).toBe(400);
      expect((await t.call('PATCH', `${P}/shop/items/${item.id}`, { addStock: 1.5 })).status).toBe(400);
    });
  });
});

describe('issue #12 holes around the settled year', () => {
  let t: DemoApp;
  let evaluator: Call;
  let villager: Call;
  let member: Call;

  beforeAll(async () => {
    t = await demoApp();
    evaluator = await t.as('evaluator');
    villager = await t.as('villager');
    member = await t.as('gridMember');
  });
  afterAll(async () => t.close());

  it('nothing is posted into a settled year; a year not begun is not settled; no appeal after settlement', async () => {
    // A redemption reserved in the year, for a household with points to spend.
    const item = (await t.call('GET', `${P}/shop/items`)).body.items[0];
    const rich = await t.ctx.db
      .selectFrom('pointsAccounts')
      .select(['householdId', 'balance', 'spent', 'id'])
      .where('kind', '=', 'household')
      .where('villageId', '=', t.demo.villageId)
      .orderBy('balance', 'desc')
      .executeTakeFirstOrThrow();
    expect(rich.balance - rich.spent).toBeGreaterThanOrEqual(item.price);
    const reserved = await t.call('POST', `${P}/shop/redemptions`, {
      id: newId(),
      itemId: item.id,
      householdId: rich.householdId,
    });
    expect(reserved.status, JSON.stringify(reserved.body)).toBe(201);

    // An objection ruled on before the year ends (its appeal comes too late).
    const household = (await member('GET', `${V}/households?pageSize=5&kind=household`)).body.items[1];
    const proposed = await member('POST', `${P}/entries`, {
      ruleCode: 'H03',
      target: { kind: 'household', householdId: household.id },
      reason: '志愿服务',
    });
    expect(proposed.status).toBe(201);
    expect((await evaluator('POST', `${P}/entries/${proposed.body.id}/approve`, {})).status).toBe(200);
    const objection = await villager('POST', `${P}/entries/${proposed.body.id}/objections`, { reason: '没见到' });
    expect(objection.status).toBe(201);
    const ruled = await evaluator('POST', `${P}/objections/${objection.body.id}/ruling`, {
      decision: 'uphold',
      ruling: '确有其事',
    });
    expect(ruled.status).toBe(200);

    const settled = await settleYear(evaluator);
    const entries = await entriesCount(t);
    const account = () =>
      t.ctx.db
        .selectFrom('pointsAccounts')
        .select(['balance', 'spent'])
        .where('id', '=', rich.id)
        .executeTakeFirstOrThrow();
    const spent = await account();

    const cancel = await t.call('POST', `${P}/shop/redemptions/${reserved.body.id}/cancel`);
    expect(cancel.status).toBe(409);
    expect(cancel.body.error).toMatchObject({ code: 'PERIOD_CLOSED' });
    expect(await account()).toEqual(spent);
    const stillReserved = await t.ctx.db
      .selectFrom('shopRedemptions')
      .select('status')
      .where('id', '=', reserved.body.id)
      .executeTakeFirstOrThrow();
    expect(stillReserved.status).toBe('reserved');
    expect((await t.call('GET', `${P}/shop/items`)).body.items.find((i: any) => i.id === item.id).stock).toBe(
      item.stock - 1,
    );

    const late = await villager('POST', `${P}/objections/${objection.body.id}/appeal`, { reason: '不服' });
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'PERIOD_CLOSED' });
    const o = await t.ctx.db
      .selectFrom('pointsObjections')
      .select('status')
      .where('id', '=', objection.body.id)
      .executeTakeFirstOrThrow();
    expect(o.status).toBe('upheld');

    // The next year is open but has not begun (the clock is still in the settled year).
    const early = await evaluator('POST', `${P}/settlement`, { period: settled.nextPeriod });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'PERIOD_NOT_BEGUN', field: 'period' });
    expect(await entriesCount(t)).toBe(entries);
  });
});
