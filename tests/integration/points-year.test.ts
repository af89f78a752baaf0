/**
 * A full points year played through the API: base, positive and special points, deductions, a
 * red line, a villager report, an objection, an appeal, then settlement; payouts and ranking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { cliCaller } from '../../server/src/core/caller';
import { write } from '../../server/src/core/write';
import { takeEffect } from '../../server/src/modules/points/ledger';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { uploadEvidence } from '../helpers/evidence';

const V = '/api/v1/villages/dahuashan';
const P = `${V}/points`;

describe('a points year', () => {
  let t: DemoApp;
  let member: Call;
  let evaluator: Call;
  let leader: Call;
  let villager: Call;
  let memberPersonId: string;
  let otherPersonId: string;
  let starPersonId: string;
  let ownHousehold: any;
  let start: number;
  const balanceOf = async (personId: string) =>
    (await t.call('GET', `${P}/accounts?personId=${personId}`)).body.account.balance as number;
  const approve = async (id: string) => {
    const r = await evaluator('POST', `${P}/entries/${id}/approve`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    t = await demoApp();
    member = await t.as('gridMember');
    evaluator = await t.as('evaluator');
    leader = await t.as('gridLeader');
    villager = await t.as('villager');
    const me = (await member('GET', '/api/v1/auth/me')).body;
    memberPersonId = (
      await t.ctx.db.selectFrom('accounts').select('personId').where('id', '=', me.account.id).executeTakeFirstOrThrow()
    ).personId!;
    const people = (await t.call('GET', `${V}/people`)).body.items.filter(
      (p: any) => p.posts.some((x: any) => x.role === 'gridMember') && p.id !== memberPersonId,
    );
    otherPersonId = people[0].id;
    starPersonId = people[1].id;
    ownHousehold = (await member('GET', `${V}/households?pageSize=50`)).body.items.find(
      (h: any) => h.kind === 'household',
    );
    start = await balanceOf(memberPersonId);
  });
  afterAll(async () => t.close());

  it('opens every grid member with the 200 base', async () => {
    const mine = (await member('GET', `${P}/me`)).body;
    expect(mine.entries.find((e: any) => e.kind === 'base')).toMatchObject({ effective: 200, status: 'final' });
    expect(mine.account.balance).toBe(start);
  });

  it('a grid member scores a household; the evaluator approves; it is published on the board', async () => {
    const missing = await member('POST', `${P}/entries`, {
      ruleCode: 'H01',
      target: { kind: 'household', householdId: ownHousehold.id },
      reason: '院子干净',
    });
    expect(missing.body.error).toMatchObject({ code: 'EVIDENCE_REQUIRED', field: 'evidence' });
    const proposed = await member('POST', `${P}/entries`, {
      id: newId(),
      ruleCode: 'H01',
      target: { kind: 'household', householdId: ownHousehold.id },
      reason: '院子干净',
      evidence: [await uploadEvidence(t.app, member)],
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ status: 'proposed', effective: 0 });
    expect((await member('POST', `${P}/entries/${proposed.body.id}/approve`, {})).status).toBe(403); // the evaluator reviews
    const done = await approve(proposed.body.id);
    expect(done).toMatchObject({ status: 'published', effective: 5 });
    const boardIds = (await villager('GET', `${P}/board`)).body.entries.map((e: any) => e.id);
    expect(boardIds).toContain(proposed.body.id);
  });

  it('self-reported work goes to the evaluator; special points and deductions move the balance', async () => {
    const self = await member('POST', `${P}/entries`, {
      ruleCode: 'M02',
      target: { kind: 'member', personId: memberPersonId },
      reason: '发现电线老化并上报',
      evidence: [await uploadEvidence(t.app, member)],
    });
    expect(self.body.status).toBe('proposed');
    await approve(self.body.id);
    const bonus = await t.call('POST', `${P}/entries`, {
      ruleCode: 'M04',
      target: { kind: 'member', personId: memberPersonId },
      reason: '连夜排查',
    });
    await approve(bonus.body.id);
    const late = await leader('POST', `${P}/entries`, {
      ruleCode: 'M05',
      target: { kind: 'member', personId: memberPersonId },
      reason: '指令超时回复',
    });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    await approve(late.body.id);
    expect(await balanceOf(memberPersonId)).toBe(start + 5 + 50 - 5);
  });

  it('a villager reports the grid member; the member does not see who; substantiated, it becomes a deduction', async () => {
    const filed = await villager('POST', `${P}/reports`, {
      subjectPersonId: memberPersonId,
      description: '入户登记弄虚作假',
      evidence: [await uploadEvidence(t.app, villager)],
    });
    expect(filed.status).toBe(201);
    const asSubject = (await member('GET', `${P}/reports`)).body.items.find((r: any) => r.id === filed.body.id);
    expect(asSubject).toBeTruthy();
    expect(asSubject).not.toHaveProperty('reporterAccount');
    const ruled = await evaluator('POST', `${P}/reports/${filed.body.id}/ruling`, {
      substantiated: true,
      ruleCode: 'M06',
      ruling: '经核实属实',
    });
    expect(ruled.body.status).toBe('substantiated');
    const asReporter = (await villager('GET', `${P}/reports`)).body.items.find((r: any) => r.id === filed.body.id);
    expect(asReporter).toMatchObject({ status: 'substantiated', ruling: '经核实属实', mine: true });
    expect(await balanceOf(memberPersonId)).toBe(start + 50 - 20);
  });

  it('an objection is upheld by the evaluator, then the chief overturns it on appeal: a reversal posts', async () => {
    const bonus = (await member('GET', `${P}/me`)).body.entries.find((e: any) => e.ruleCode === 'M04');
    const objection = await villager('POST', `${P}/entries/${bonus.id}/objections`, { reason: '他那天不在村里' });
    expect(objection.status).toBe(201);
    expect((await evaluator('GET', `${P}/queue`)).body.objections.map((o: any) => o.id)).toContain(objection.body.id);
    const kept = await evaluator('POST', `${P}/objections/${objection.body.id}/ruling`, {
      decision: 'uphold',
      ruling: '有排查记录',
    });
    expect(kept.body.status).toBe('upheld');
    expect(await balanceOf(memberPersonId)).toBe(start + 30);
    expect(
      (await leader('POST', `${P}/objections/${objection.body.id}/appeal`, { reason: '我也有异议' })).body.error.code,
    ).toBe('NOT_A_PARTY');
    const appealed = await villager('POST', `${P}/objections/${objection.body.id}/appeal`, { reason: '记录是补写的' });
    expect(appealed.body.status).toBe('appealed');
    expect(
      (
        await evaluator('POST', `${P}/objections/${objection.body.id}/appeal-ruling`, {
          entryStands: false,
          ruling: 'x',
        })
      ).status,
    ).toBe(403);
    const ruled = await t.call('POST', `${P}/objections/${objection.body.id}/appeal-ruling`, {
      entryStands: false,
      ruling: '记录不实，撤销加分',
    });
    expect(ruled.body.status).toBe('appeal_overturned');
    expect(await balanceOf(memberPersonId)).toBe(start + 30 - 50);
    const entries = (await member('GET', `${P}/me`)).body.entries;
    expect(entries.find((e: any) => e.kind === 'reversal' && e.reverses === bonus.id)).toMatchObject({
      effective: -50,
    });
    expect(entries.find((e: any) => e.id === bonus.id).status).toBe('overturned');
  });

  it('refuses conflicts of interest', async () => {
    const ownHome = await t.ctx.db
      .selectFrom('people')
      .innerJoin('residents', 'residents.id', 'people.residentId')
      .select('residents.householdId')
      .where('people.id', '=', memberPersonId)
      .executeTakeFirst();
    if (ownHome) {
      const own = await member('POST', `${P}/entries`, {
        ruleCode: 'H03',
        target: { kind: 'household', householdId: ownHome.householdId },
        reason: '自家',
      });
      expect([404, 409]).toContain(own.status); // out of scope or own household: never scored
      if (own.status === 409) expect(own.body.error.code).toBe('CONFLICT_OF_INTEREST_OWN_HOUSEHOLD');
    }
    const evaluatorPerson = (
      await t.ctx.db
        .selectFrom('accounts')
        .select('personId')
        .where('id', '=', (await evaluator('GET', '/api/v1/auth/me')).body.account.id)
        .executeTakeFirstOrThrow()
    ).personId!;
    const ownProposal = await evaluator('POST', `${P}/entries`, {
      ruleCode: 'M04',
      target: { kind: 'member', personId: otherPersonId },
      reason: '自己提自己审',
    });
    expect(ownProposal.status).toBe(201);
    expect((await evaluator('POST', `${P}/entries/${ownProposal.body.id}/approve`, {})).body.error.code).toBe(
      'CONFLICT_OF_INTEREST_OWN_PROPOSAL',
    );
    expect(
      (await evaluator('POST', `${P}/entries/${ownProposal.body.id}/reject`, { reason: '回避' })).body.error.code,
    ).toBe('CONFLICT_OF_INTEREST_OWN_PROPOSAL');
    expect(evaluatorPerson).toBeTruthy();
    expect((await member('POST', `${P}/entries/${ownProposal.body.id}/withdraw`)).status).toBe(403);
    expect((await evaluator('POST', `${P}/entries/${ownProposal.body.id}/withdraw`)).body.status).toBe('rejected');
  });

  it('a red line sets a member to zero; above-cap points count for ranking but the payout stops at 600', async () => {
    const red = await t.call('POST', `${P}/entries`, {
      ruleCode: 'M07',
      target: { kind: 'member', personId: otherPersonId },
      reason: '虚报入户记录',
    });
    const done = await approve(red.body.id);
    expect(done.balanceAfter).toBe(0);
    expect(done.effective).toBeLessThan(0);
    for (let i = 0; i < 9; i++) {
      const b = await t.call('POST', `${P}/entries`, {
        ruleCode: 'M04',
        target: { kind: 'member', personId: starPersonId },
        reason: `突出贡献 ${i + 1}`,
      });
      await approve(b.body.id);
    }
    expect(await balanceOf(starPersonId)).toBeGreaterThan(600);
  });

  it('settles the year once: payouts min(balance, 600), ranking by full balance, household tiers, next year opened', async () => {
    const year = (await member('GET', `${P}/me`)).body.period;
    const pending = await member('POST', `${P}/entries`, {
      ruleCode: 'H03',
      target: { kind: 'household', householdId: ownHousehold.id },
      reason: '志愿服务',
    });
    const blocked = await evaluator('POST', `${P}/settlement`, { period: year });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe('SETTLEMENT_BLOCKED');
    await evaluator('POST', `${P}/entries/${pending.body.id}/reject`, { reason: '无记录' });
    // The demo village's waiting work (proposals, an open objection) is decided before the year closes.
    const queue = (await evaluator('GET', `${P}/queue`)).body;
    expect((await evaluator('POST', `${P}/settlement`, { period: year })).body.error.code).toBe('SETTLEMENT_BLOCKED');
    for (const e of queue.entries) await evaluator('POST', `${P}/entries/${e.id}/reject`, { reason: '年终前未补材料' });
    for (const o of queue.objections.filter((x: any) => x.status === 'open'))
      await evaluator('POST', `${P}/objections/${o.id}/ruling`, { decision: 'uphold', ruling: '核实无误' });
    const settled = await evaluator('POST', `${P}/settlement`, { period: year });
    expect(settled.status).toBe(200); // entries still on the board count as final
    const s = settled.body;
    const star = s.results.members.find((m: any) => m.personId === starPersonId);
    expect(star.rank).toBe(1);
    expect(star.payout).toBe(600);
    expect(star.balance).toBeGreaterThan(600);
    const red = s.results.members.find((m: any) => m.personId === otherPersonId);
    expect(red).toMatchObject({ balance: 0, payout: 0 });
    const mine = s.results.members.find((m: any) => m.personId === memberPersonId);
    expect(mine.payout).toBe(Math.min(mine.balance, 600));
    expect(mine.balance).toBe(start - 20);
    expect(s.payoutTotal).toBe(s.results.members.reduce((sum: number, m: any) => sum + m.payout, 0));
    for (const h of s.results.households) if (h.balance >= 80) expect(h.tier.min).toBe(80);
    const again = await evaluator('POST', `${P}/settlement`, { period: year });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_SETTLED');
    // Nothing can be posted to the closed year.
    const oldAccount = s.results.members[0].accountId;
    await expect(
      write(t.ctx, cliCaller(null, 'test'), (w) =>
        takeEffect(t.ctx, w, t.demo.villageId, [
          {
            id: newId(),
            existing: false,
            accountId: oldAccount,
            kind: 'positive',
            ruleId: null,
            requested: 5,
            reason: 'late',
            evidence: [],
            status: 'final',
            proposedBy: null,
            approvedBy: null,
          },
        ]),
      ),
    ).rejects.toMatchObject({ code: 'PERIOD_CLOSED' });
    // The next year opens with the base again.
    const next = (await member('GET', `${P}/me`)).body;
    expect(next.period).toBe(String(Number(s.period) + 1));
    expect(next.account.balance).toBe(200);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `${P}/settlements/${s.period}/export.xlsx`,
      headers: { cookie: [...(evaluator as any).cookies].map(([k, v]: string[]) => `${k}=${v}`).join('; ') },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});
