/**
 * The gaps of the points system closed (issue #4), on a real database: retry-safe objections and
 * reports, who may see which objections, entries that say who proposed them, "my proposals",
 * goods taken off the shelf, the versions of a rule, and the work waiting in the demo village.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { uploadEvidence } from '../helpers/evidence';

const V = '/api/v1/villages/dahuashan';
const P = `${V}/points`;

describe('points follow-ups', () => {
  let t: DemoApp;
  let villager: Call;
  let neighbour: Call;
  let member: Call;
  let evaluator: Call;
  let villagerHousehold: string;
  let memberPersonId: string;
  let memberName: string;
  let chiefName: string;

  /** An entry still open for objection that is not of the villager's own household. */
  const openEntry = async (skip: string[] = []) => {
    const board = (await villager('GET', `${P}/board`)).body;
    const e = board.entries.find(
      (x: any) => x.status === 'published' && x.account.kind === 'household' && !skip.includes(x.id),
    );
    expect(e).toBeTruthy();
    return e as { id: string; account: { name: string } };
  };
  const count = async (table: 'pointsObjections' | 'pointsReports', id: string) =>
    (await t.ctx.db.selectFrom(table).select('id').where('id', '=', id).execute()).length;
  const objectionsOn = async (entryId: string) =>
    (await t.ctx.db.selectFrom('pointsObjections').select('id').where('entryId', '=', entryId).execute()).length;
  const reportsAbout = async (personId: string) =>
    (await t.ctx.db.selectFrom('pointsReports').select('id').where('subjectPersonId', '=', personId).execute()).length;

  beforeAll(async () => {
    t = await demoApp();
    villager = await t.as('villager');
    member = await t.as('gridMember');
    evaluator = await t.as('evaluator');
    const me = (await villager('GET', '/api/v1/auth/me')).body;
    villagerHousehold = me.householdId;
    const memberMe = (await member('GET', '/api/v1/auth/me')).body;
    memberPersonId = memberMe.personId;
    memberName = memberMe.account.name;
    chiefName = (await t.call('GET', '/api/v1/auth/me')).body.account.name;
    // A second villager household with an account (same demo password): the neighbour.
    const own = await t.ctx.db
      .selectFrom('accounts')
      .selectAll()
      .where('kind', '=', 'villager')
      .executeTakeFirstOrThrow();
    const other = await t.ctx.db
      .selectFrom('households')
      .select('id')
      .where('villageId', '=', t.demo.villageId)
      .where('kind', '=', 'household')
      .where('id', '<>', villagerHousehold)
      .orderBy('number')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('accounts')
      .values({ ...own, id: newId(), login: '13700009999', displayName: '邻居', householdId: other.id })
      .execute();
    neighbour = await t.as({ login: '13700009999' });
  });
  afterAll(async () => t.close());

  describe('client-made ids for objections and reports', () => {
    it('an objection sent twice with the same id is recorded once; the retry answers 200 with the first result', async () => {
      const entry = await openEntry();
      const id = crypto.randomUUID();
      const first = await villager('POST', `${P}/entries/${entry.id}/objections`, { id, reason: '这户的院子并不整洁' });
      expect(first.status).toBe(201);
      // The objection's id is the server's; the client's id is only the request's.
      expect(first.body).toEqual({ id: expect.any(String), entryId: entry.id, status: 'open' });
      expect(first.body.id).not.toBe(id);
      const again = await villager('POST', `${P}/entries/${entry.id}/objections`, { id, reason: '这户的院子并不整洁' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await objectionsOn(entry.id)).toBe(1);

      const changed = await villager('POST', `${P}/entries/${entry.id}/objections`, { id, reason: '换了一个理由' });
      expect(changed.status).toBe(409);
      expect(changed.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'id' });
      expect(changed.body.error.zh).toBeTruthy();
      const otherEntry = await openEntry([entry.id]);
      expect(
        (await villager('POST', `${P}/entries/${otherEntry.id}/objections`, { id, reason: '这户的院子并不整洁' })).body
          .error.code,
      ).toBe('IDEMPOTENCY_CONFLICT');
      const otherAccount = await neighbour('POST', `${P}/entries/${entry.id}/objections`, {
        id,
        reason: '这户的院子并不整洁',
      });
      expect(otherAccount.status).toBe(409);
      expect(otherAccount.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
      expect(await objectionsOn(entry.id)).toBe(1);

      const bad = await villager('POST', `${P}/entries/${entry.id}/objections`, { id: 'not-a-uuid', reason: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'VALIDATION', field: 'id' });
      // Without an id it still works (older clients): a new objection each time.
      expect(
        (await villager('POST', `${P}/entries/${entry.id}/objections`, { reason: '补充：门口也有杂物' })).status,
      ).toBe(201);
    });

    it('a report sent twice with the same id is recorded once; a different payload or account is a conflict', async () => {
      const subject = (await villager('GET', `${V}/households/${villagerHousehold}`)).body.gridMembers[0].personId;
      const id = crypto.randomUUID();
      const body = {
        id,
        subjectPersonId: subject,
        description: '登记时没有入户核实',
        evidence: [await uploadEvidence(t.app, villager)],
      };
      const first = await villager('POST', `${P}/reports`, body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ id: expect.any(String), status: 'open' });
      expect(first.body.id).not.toBe(id);
      const again = await villager('POST', `${P}/reports`, body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await count('pointsReports', first.body.id)).toBe(1);
      const filed = await reportsAbout(subject);
      for (const [who, payload] of [
        [villager, { ...body, description: '另一件事' }],
        [villager, { ...body, evidence: [] }],
        [neighbour, body],
      ] as const) {
        const r = await who('POST', `${P}/reports`, payload);
        expect(r.status).toBe(409);
        expect(r.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'id' });
      }
      expect(await reportsAbout(subject)).toBe(filed);
    });
  });

  describe('listing objections', () => {
    let mine: string;
    let staffs: string;
    let entryId: string;

    beforeAll(async () => {
      const entry = await openEntry();
      entryId = entry.id;
      mine = (
        await villager('POST', `${P}/entries/${entry.id}/objections`, {
          id: crypto.randomUUID(),
          reason: '评分偏高，请复核',
        })
      ).body.id;
      staffs = (
        await member('POST', `${P}/entries/${entry.id}/objections`, {
          id: crypto.randomUUID(),
          reason: '网格员提出的异议',
        })
      ).body.id;
    });

    it('villagers and grid members see their own objections (and those against their points), without names', async () => {
      const v = (await villager('GET', `${P}/objections`)).body.items;
      expect(v.length).toBeGreaterThan(0);
      expect(v.every((o: any) => o.mine)).toBe(true);
      expect(v.map((o: any) => o.id)).toContain(mine);
      expect(v.map((o: any) => o.id)).not.toContain(staffs);
      const o = v.find((x: any) => x.id === mine);
      expect(o).toMatchObject({
        status: 'open',
        reason: '评分偏高，请复核',
        entry: { id: entryId, owner: { kind: 'household' } },
      });
      expect(o.entry.owner.name).toMatch(/^DHS-/);
      expect(o.entry.ruleName).toBeTruthy();
      expect(o).not.toHaveProperty('names');

      const n = (await neighbour('GET', `${P}/objections`)).body.items;
      expect(n).toEqual([]);
      const m = (await member('GET', `${P}/objections`)).body.items;
      expect(m.map((x: any) => x.id)).toEqual([staffs]);
    });

    it('the evaluator and the chief see every objection of the village, with who objected', async () => {
      for (const who of [evaluator, t.call]) {
        const all = (await who('GET', `${P}/objections`)).body.items;
        expect(all.map((o: any) => o.id)).toEqual(expect.arrayContaining([mine, staffs]));
        expect(all.find((o: any) => o.id === staffs).names.objector).toBe(memberName);
        expect(all.find((o: any) => o.id === mine).mine).toBe(false);
      }
      expect((await evaluator('GET', `${P}/objections?mine=1`)).body.items).toEqual([]);
      const bad = await evaluator('GET', `${P}/objections?status=open,nonsense`);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'VALIDATION' });
      expect(bad.body.error.field).toMatch(/^status/);
    });

    it('the objector follows the outcome: the ruling, the appeal and the chief’s ruling; the chief filters by status', async () => {
      await evaluator('POST', `${P}/objections/${mine}/ruling`, { decision: 'uphold', ruling: '入户查看，确实整洁' });
      const ruled = (await villager('GET', `${P}/objections`)).body.items.find((o: any) => o.id === mine);
      expect(ruled).toMatchObject({ status: 'upheld', ruling: '入户查看，确实整洁', appealedAt: null });
      expect(ruled.ruledAt).toBeTypeOf('number');

      t.clock.advance(60_000);
      await villager('POST', `${P}/objections/${mine}/appeal`, { reason: '查看那天提前打扫过' });
      const appealed = (await t.call('GET', `${P}/objections?status=appealed`)).body.items;
      expect(appealed.map((o: any) => o.id)).toEqual([mine]);
      expect(appealed[0]).toMatchObject({
        appealReason: '查看那天提前打扫过',
        appealedAt: t.clock.now(),
        names: { appealBy: expect.any(String), ruledBy: expect.any(String) },
      });
      expect(
        (await t.call('GET', `${P}/objections?status=open`)).body.items.every((o: any) => o.status === 'open'),
      ).toBe(true);

      await t.call('POST', `${P}/objections/${mine}/appeal-ruling`, { entryStands: false, ruling: '邻居证实平时杂乱' });
      const done = (await villager('GET', `${P}/objections`)).body.items.find((o: any) => o.id === mine);
      expect(done).toMatchObject({
        status: 'appeal_overturned',
        appealRuling: '邻居证实平时杂乱',
        entry: { status: 'overturned' },
      });
      expect((await t.call('GET', `${P}/objections?status=appealed`)).body.items).toEqual([]);
      expect(
        (await t.call('GET', `${P}/objections?status=appeal_upheld,appeal_overturned`)).body.items.map(
          (o: any) => o.id,
        ),
      ).toContain(mine);
    });
  });

  it('one ruling answers every objection to the entry; a later ruling on another cannot contradict it', async () => {
    const entry = await openEntry();
    const a = (
      await villager('POST', `${P}/entries/${entry.id}/objections`, { id: crypto.randomUUID(), reason: '门口堆满杂物' })
    ).body.id;
    const b = (
      await neighbour('POST', `${P}/entries/${entry.id}/objections`, {
        id: crypto.randomUUID(),
        reason: '院子并没有打扫',
      })
    ).body.id;
    const ruled = await evaluator('POST', `${P}/objections/${a}/ruling`, {
      decision: 'overturn',
      ruling: '入户核实，积分不成立',
    });
    expect(ruled.status).toBe(200);
    expect(ruled.body).toMatchObject({ id: a, status: 'overturned', alsoSettled: [b] });
    const both = (await evaluator('GET', `${P}/objections`)).body.items.filter((o: any) => o.id === a || o.id === b);
    expect(both.map((o: any) => [o.status, o.ruling])).toEqual([
      ['overturned', '入户核实，积分不成立'],
      ['overturned', '入户核实，积分不成立'],
    ]);
    // The neighbour sees the outcome of their own objection too.
    expect((await neighbour('GET', `${P}/objections`)).body.items.find((o: any) => o.id === b)).toMatchObject({
      status: 'overturned',
      entry: { status: 'overturned' },
    });
    const again = await evaluator('POST', `${P}/objections/${b}/ruling`, { decision: 'uphold', ruling: '改为成立' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('WRONG_STATE');
    // Reversed exactly once.
    const reversals = await t.ctx.db
      .selectFrom('pointsEntries')
      .select('id')
      .where('reverses', '=', entry.id)
      .execute();
    expect(reversals).toHaveLength(1);
  });

  it('the household concerned sees an objection against its points (not who made it) and may appeal the ruling', async () => {
    const rule = {
      code: 'T-HELP',
      accountKind: 'household',
      entryKind: 'positive',
      name: '邻里互助',
      points: 3,
      evidenceRequired: false,
      periodLimit: null,
      proposers: ['chief'],
      needsReview: false,
      needsPublication: true,
    };
    expect((await t.call('POST', `${P}/rules`, rule)).status).toBe(201);
    const proposed = await t.call('POST', `${P}/entries`, {
      id: crypto.randomUUID(),
      ruleCode: rule.code,
      target: { kind: 'household', householdId: villagerHousehold },
      reason: '帮邻居收麦',
    });
    expect(proposed.status).toBe(201);
    if (proposed.body.status === 'proposed')
      expect((await evaluator('POST', `${P}/entries/${proposed.body.id}/approve`, {})).status).toBe(200);
    const objection = (
      await neighbour('POST', `${P}/entries/${proposed.body.id}/objections`, {
        id: crypto.randomUUID(),
        reason: '那天他没有去',
      })
    ).body.id;

    const seen = (await villager('GET', `${P}/objections`)).body.items.find((o: any) => o.id === objection);
    expect(seen).toMatchObject({
      mine: false,
      aboutMe: true,
      status: 'open',
      reason: '那天他没有去',
      entry: { id: proposed.body.id },
    });
    expect(seen).not.toHaveProperty('names'); // the objector stays hidden from the party concerned
    expect((await villager('GET', `${P}/objections?mine=1`)).body.items.map((o: any) => o.id)).not.toContain(objection);
    expect((await member('GET', `${P}/objections`)).body.items.map((o: any) => o.id)).not.toContain(objection); // not their objection, not their points

    await evaluator('POST', `${P}/objections/${objection}/ruling`, { decision: 'overturn', ruling: '核实未参加' });
    const appeal = await villager('POST', `${P}/objections/${objection}/appeal`, { reason: '有照片为证' });
    expect(appeal.status).toBe(200);
    expect((await t.call('GET', `${P}/objections?status=appealed`)).body.items.map((o: any) => o.id)).toContain(
      objection,
    );
  });

  describe('who proposed an entry', () => {
    let entryId: string;

    beforeAll(async () => {
      const r = await member('POST', `${P}/entries`, {
        id: newId(),
        ruleCode: 'H04',
        target: { kind: 'household', householdId: villagerHousehold },
        reason: '配合入户登记',
        evidence: [],
      });
      expect(r.status).toBe(201);
      entryId = r.body.id;
    });

    it('account views say proposedByMe; staff see the proposer’s name, villagers never', async () => {
      const asMember = (await member('GET', `${P}/accounts?householdId=${villagerHousehold}`)).body.entries.find(
        (e: any) => e.id === entryId,
      );
      expect(asMember).toMatchObject({ proposedByMe: true, proposerName: memberName });
      const asChief = (await t.call('GET', `${P}/accounts?householdId=${villagerHousehold}`)).body.entries.find(
        (e: any) => e.id === entryId,
      );
      expect(asChief).toMatchObject({ proposedByMe: false, proposerName: memberName });
      const own = (await villager('GET', `${P}/me`)).body.entries;
      expect(own.find((e: any) => e.id === entryId)).toMatchObject({ proposedByMe: false, status: 'proposed' });
      for (const e of own) {
        expect(e).not.toHaveProperty('proposerName');
        expect(e).not.toHaveProperty('proposedBy');
      }
      const memberOwn = (await member('GET', `${P}/me`)).body.entries;
      expect(memberOwn.find((e: any) => e.kind === 'base')).toMatchObject({ proposedByMe: false, proposerName: null });
    });

    it('the review queue says which proposals are the evaluator’s own', async () => {
      const ownProposal = await evaluator('POST', `${P}/entries`, {
        ruleCode: 'M04',
        target: { kind: 'member', personId: memberPersonId },
        reason: '连夜排查隐患',
      });
      const queue = (await evaluator('GET', `${P}/queue`)).body.entries;
      expect(queue.find((e: any) => e.id === entryId)).toMatchObject({ proposedByMe: false, proposerName: memberName });
      expect(queue.find((e: any) => e.id === ownProposal.body.id)).toMatchObject({ proposedByMe: true });
      await evaluator('POST', `${P}/entries/${ownProposal.body.id}/withdraw`);
    });

    it('a grid member lists their own proposals (?mine=1) and withdraws one still waiting', async () => {
      const list = (await member('GET', `${P}/entries?mine=1`)).body.items;
      const item = list.find((e: any) => e.id === entryId);
      expect(item).toMatchObject({
        status: 'proposed',
        withdrawn: false,
        ruleCode: 'H04',
        target: { kind: 'household', householdId: villagerHousehold },
      });
      expect(item.target.name).toMatch(/^DHS-/);
      expect(list.every((e: any) => ['positive', 'bonus', 'deduction', 'redline'].includes(e.kind))).toBe(true);
      expect((await member('POST', `${P}/entries/${entryId}/withdraw`)).body.status).toBe('rejected');
      const after = (await member('GET', `${P}/entries?mine=1`)).body.items.find((e: any) => e.id === entryId);
      expect(after).toMatchObject({ status: 'rejected', withdrawn: true });
      expect(
        (await member('GET', `${P}/entries?mine=1&status=proposed`)).body.items.map((e: any) => e.id),
      ).not.toContain(entryId);
      // Others' proposals never show; the list is only ever one's own.
      expect((await evaluator('GET', `${P}/entries?mine=1`)).body.items.map((e: any) => e.id)).not.toContain(entryId);
      const noMine = await member('GET', `${P}/entries`);
      expect(noMine.status).toBe(400);
      expect(noMine.body.error).toMatchObject({ code: 'MINE_REQUIRED', field: 'mine' });
      expect((await villager('GET', `${P}/entries?mine=1`)).status).toBe(403);
    });
  });

  it('goods taken off the shelf are hidden from villagers, listed for managers with ?all=1, and can be put back', async () => {
    const goods = (await t.call('GET', `${P}/shop/items`)).body.items;
    const towel = goods.find((g: any) => g.name.startsWith('毛巾'));
    expect((await t.call('PATCH', `${P}/shop/items/${towel.id}`, { active: false })).body).toMatchObject({
      id: towel.id,
      active: false,
    });
    const names = async (who: Call, q = '') =>
      (await who('GET', `${P}/shop/items${q}`)).body.items.map((g: any) => g.id);
    expect(await names(villager)).not.toContain(towel.id);
    expect(await names(villager, '?all=1')).not.toContain(towel.id);
    expect(await names(member, '?all=1')).not.toContain(towel.id);
    expect(await names(t.call)).not.toContain(towel.id);
    const all = (await evaluator('GET', `${P}/shop/items?all=1`)).body.items;
    expect(all.find((g: any) => g.id === towel.id)).toMatchObject({ active: false });
    const refused = await villager('POST', `${P}/shop/redemptions`, { id: newId(), itemId: towel.id });
    expect(refused.status).toBe(404);
    expect((await t.call('PATCH', `${P}/shop/items/${towel.id}`, { active: true })).body.active).toBe(true);
    expect(await names(villager)).toContain(towel.id);
  });

  it('the versions of a rule: the old and the new, with who wrote each when known', async () => {
    t.clock.advance(3_600_000);
    const revised = await t.call('PUT', `${P}/rules/H02`, {
      accountKind: 'household',
      entryKind: 'positive',
      name: '垃圾分类达标 / waste sorted correctly',
      points: 3,
      evidenceRequired: false,
      periodLimit: 50,
      proposers: ['gridMember'],
      needsReview: false,
      needsPublication: true,
    });
    expect(revised.body).toMatchObject({ version: 2, points: 3 });
    expect(revised.body).not.toHaveProperty('createdBy');
    const versions = (await villager('GET', `${P}/rules/H02/versions`)).body.items;
    expect(versions.map((r: any) => [r.version, r.points, r.createdByName])).toEqual([
      [1, 2, null],
      [2, 3, chiefName],
    ]);
    expect(versions[0].supersededAt).toBe(versions[1].createdAt);
    expect(versions[1].supersededAt).toBeNull();
    const missing = await t.call('GET', `${P}/rules/NOPE/versions`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'code' });
  });
});

describe('the demo village has work waiting', () => {
  let t: DemoApp;
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  it('proposals for the evaluator, an entry in publication with an open objection, and an open villager report', async () => {
    const evaluator = await t.as('evaluator');
    const queue = (await evaluator('GET', `${P}/queue`)).body;
    expect(queue.entries.map((e: any) => [e.ruleCode, e.reason, e.accountKind])).toEqual([
      ['H03', '参加村里组织的清理河道志愿活动', 'household'],
      ['H04', '主动配合入户核酸登记，提供全家行程', 'household'],
      ['H03', '重阳节到敬老院帮忙打扫、陪老人聊天', 'household'],
    ]);
    expect(new Set(queue.entries.map((e: any) => e.proposerName)).size).toBe(3);
    expect(queue.objections).toHaveLength(1);
    expect(queue.objections[0]).toMatchObject({ status: 'open', reason: '这户门前的柴草一直乱堆，评分偏高，请核实' });
    const board = (await evaluator('GET', `${P}/board`)).body;
    expect(board.entries.find((e: any) => e.id === queue.objections[0].entryId).status).toBe('disputed');
    const reports = (await evaluator('GET', `${P}/reports`)).body.items;
    expect(reports.map((r: any) => [r.status, r.description])).toEqual([
      ['open', '网格员上门登记时只在门口问了两句，没有进院查看就记了分'],
    ]);

    // The demo grid member has one of the proposals; the demo villager sees their objection and report.
    const member = await t.as('gridMember');
    expect((await member('GET', `${P}/entries?mine=1&status=proposed`)).body.items).toHaveLength(1);
    const villager = await t.as('villager');
    expect((await villager('GET', `${P}/objections`)).body.items.map((o: any) => o.status)).toEqual(['open']);
    expect((await villager('GET', `${P}/reports`)).body.items.filter((r: any) => r.mine)).toHaveLength(1);
  });
});
