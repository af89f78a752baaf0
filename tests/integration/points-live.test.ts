/**
 * The points module on the live and durable core (issue #8), on a real database (both backends):
 * every write audited and announced in its own transaction, to the household and the staff over
 * its grid and never to another grid; the end of publication as a durable job that fires once,
 * not before, and not while an objection is open; one idempotency mechanism on every retry-safe
 * route, with ids made by the server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as m0010 from '../../server/src/db/migrations/0010_points_finalise_jobs';
import { newId } from '../../server/src/lib/ids';
import { loadActor } from '../../server/src/modules/access/actor';
import { scopeOf } from '../../server/src/modules/access/scope';
import { visibleTo, type Listener } from '../../server/src/modules/events/visibility';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { pointsVillage } from '../helpers/points-fixture';

const V = '/api/v1/villages/dahuashan';
const P = `${V}/points`;
const DAY = 86_400_000;

describe('points on the live and durable core', () => {
  let t: DemoApp;
  let chief: Call;
  let member: Call;
  let evaluator: Call;
  let villager: Call;
  let memberAccount: string;
  let memberPersonId: string;
  let household: { id: string; path: string };
  let villagerHousehold: string;
  /** A grid member of another grid than `household`'s. */
  let stranger: Listener;

  const listener = async (accountId: string): Promise<Listener> => {
    const a = (await loadActor(t.ctx.db, accountId, {}))!;
    return { accountId, kind: a.kind, householdId: a.householdId, scope: scopeOf(a) };
  };
  const villagerOf = (householdId: string): Listener => ({
    accountId: `villager-of-${householdId}`,
    kind: 'villager',
    householdId,
    scope: { all: false, paths: [], householdId },
  });
  const eventsAbout = (subjectId: string) =>
    t.ctx.db.selectFrom('events').selectAll().where('subjectId', '=', subjectId).orderBy('seq').execute();
  const eventsAfter = (seq: number) =>
    t.ctx.db.selectFrom('events').selectAll().where('seq', '>', seq).orderBy('seq').execute();
  const lastSeq = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom('events')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    );
  const auditOf = (targetId: string) =>
    t.ctx.db.selectFrom('auditLog').selectAll().where('targetId', '=', targetId).orderBy('at').execute();
  const entry = (id: string) =>
    t.ctx.db.selectFrom('pointsEntries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const gridPath = async (householdId: string) =>
    (
      await t.ctx.db
        .selectFrom('assignments')
        .innerJoin('structures', 'structures.id', 'assignments.structureId')
        .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
        .select('nodes.path')
        .where('structures.status', '=', 'active')
        .where('assignments.householdId', '=', householdId)
        .executeTakeFirstOrThrow()
    ).path;

  /** A rule that takes effect at once and is published (the chief may propose it). */
  const RULE = 'T-LIVE';
  const publish = async (householdId: string, reason: string) => {
    const r = await chief('POST', `${P}/entries`, {
      ruleCode: RULE,
      target: { kind: 'household', householdId },
      reason,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('published');
    return r.body as { id: string; publishedUntil: number };
  };

  /** Sign in again (sessions run out when the injected clock jumps days ahead). */
  const signInAll = async () => {
    chief = await t.as('chief');
    member = await t.as('gridMember');
    evaluator = await t.as('evaluator');
    villager = await t.as('villager');
  };

  beforeAll(async () => {
    t = await demoApp();
    await signInAll();
    const me = (await member('GET', '/api/v1/auth/me')).body;
    memberAccount = me.account.id;
    memberPersonId = me.personId;
    villagerHousehold = (await villager('GET', '/api/v1/auth/me')).body.householdId;
    const own = await t.ctx.db
      .selectFrom('people')
      .innerJoin('residents', 'residents.id', 'people.residentId')
      .select('residents.householdId')
      .where('people.id', '=', memberPersonId)
      .executeTakeFirst();
    const mine = (await member('GET', `${V}/households?pageSize=50`)).body.items.filter(
      (h: any) => h.kind === 'household' && h.id !== villagerHousehold && h.id !== own?.householdId,
    );
    household = { id: mine.at(-1).id, path: await gridPath(mine.at(-1).id) };
    const other = await t.ctx.db
      .selectFrom('posts')
      .innerJoin('structures', 'structures.id', 'posts.structureId')
      .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
      .innerJoin('accounts', 'accounts.personId', 'posts.personId')
      .select(['accounts.id', 'nodes.path'])
      .where('structures.status', '=', 'active')
      .where('posts.role', '=', 'gridMember')
      .where('posts.validTo', 'is', null)
      .execute();
    const away = other.find((o) => !household.path.startsWith(o.path) && o.id !== memberAccount)!;
    stranger = await listener(away.id);
    expect(
      (
        await chief('POST', `${P}/rules`, {
          code: RULE,
          accountKind: 'household',
          entryKind: 'positive',
          name: '测试公示',
          points: 10,
          proposers: ['chief'],
          needsReview: false,
          needsPublication: true,
        })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => t.close());

  describe('every write is audited and announced, scoped', () => {
    it('a proposal and its approval reach the household and the staff over its grid, never another grid', async () => {
      const before = await lastSeq();
      const proposed = await member('POST', `${P}/entries`, {
        id: newId(),
        ruleCode: 'H04',
        target: { kind: 'household', householdId: household.id },
        reason: '配合登记',
      });
      expect(proposed.status).toBe(201);
      const [ev] = await eventsAbout(proposed.body.id);
      expect(ev).toMatchObject({
        type: 'points.entry.proposed',
        householdId: household.id,
        path: household.path,
        audience: 'staff',
      });
      expect(JSON.parse(ev.payload!)).toMatchObject({ status: 'proposed' });
      expect(visibleTo(ev, await listener(memberAccount))).toBe(true);
      expect(visibleTo(ev, villagerOf(household.id))).toBe(true);
      expect(visibleTo(ev, villagerOf(villagerHousehold))).toBe(false);
      expect(visibleTo(ev, stranger)).toBe(false);
      expect((await auditOf(proposed.body.id)).map((a) => a.action)).toEqual(['points.propose']);

      const approved = await evaluator('POST', `${P}/entries/${proposed.body.id}/approve`, {});
      expect(approved.status).toBe(200);
      const events = await eventsAfter(before);
      const approval = events.find((e) => e.type === 'points.entry.approved')!;
      expect(approval).toMatchObject({ subjectId: proposed.body.id, householdId: household.id, path: household.path });
      expect(visibleTo(approval, stranger)).toBe(false);
      // The board changed for everyone: one village-wide event that villagers hear too.
      const board = events.filter((e) => e.type === 'points.board.changed');
      expect(board).toHaveLength(1);
      expect(board[0]).toMatchObject({ audience: 'all', path: null, householdId: null });
      expect(visibleTo(board[0], villagerOf(villagerHousehold))).toBe(true);
      expect((await auditOf(proposed.body.id)).map((a) => a.action)).toEqual(['points.propose', 'points.approve']);
      // Its publication ends by a job, due exactly then.
      const job = await t.ctx.db
        .selectFrom('jobs')
        .selectAll()
        .where('uniqueKey', '=', `points.finalise:${proposed.body.id}`)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ kind: 'points.finalise', status: 'pending', dueAt: approved.body.publishedUntil });
    });

    it('an event about a grid member’s account goes to the path of their post', async () => {
      const proposed = await chief('POST', `${P}/entries`, {
        ruleCode: 'M04',
        target: { kind: 'member', personId: memberPersonId },
        reason: '连夜排查隐患',
      });
      expect(proposed.status).toBe(201);
      const [ev] = await eventsAbout(proposed.body.id);
      const posts = (await loadActor(t.ctx.db, memberAccount, {}))!.posts.filter((p) => p.role === 'gridMember');
      expect(posts.map((p) => p.path)).toContain(ev.path);
      expect(ev.householdId).toBeNull();
      expect(visibleTo(ev, await listener(memberAccount))).toBe(true);
      expect(visibleTo(ev, villagerOf(villagerHousehold))).toBe(false);
    });

    it('the catalogue, the settings and the shop are announced to the whole village', async () => {
      const before = await lastSeq();
      await chief('PUT', `${P}/settings`, { publicationDays: 3 });
      const goods = (await chief('GET', `${P}/shop/items`)).body.items;
      await chief('PATCH', `${P}/shop/items/${goods[0].id}`, { addStock: 1 });
      const types = (await eventsAfter(before)).map((e) => [e.type, e.audience]);
      expect(types).toEqual([
        ['points.settings.changed', 'all'],
        ['shop.item.changed', 'all'],
      ]);
      const rule = (await eventsAfter(0)).filter((e) => e.type === 'points.rules.changed' && e.audience === 'all');
      expect(rule.length).toBeGreaterThan(0);
      expect((await auditOf(goods[0].id)).map((a) => a.action)).toContain('shop.item.update');
    });

    it('a refused write leaves neither an audit row nor an event', async () => {
      const before = await lastSeq();
      const audits = (await t.ctx.db.selectFrom('auditLog').select('id').execute()).length;
      const refused = await member('POST', `${P}/entries`, {
        id: newId(),
        ruleCode: 'H01',
        target: { kind: 'household', householdId: household.id },
        reason: '院子干净',
      });
      expect(refused.body.error.code).toBe('EVIDENCE_REQUIRED');
      expect(await eventsAfter(before)).toEqual([]);
      expect((await t.ctx.db.selectFrom('auditLog').select('id').execute()).length).toBe(audits);
    });
  });

  describe('the end of publication is a durable job', () => {
    afterEach(signInAll);
    it('an entry becomes final when its job fires, not before, and exactly once', async () => {
      const e = await publish(household.id, '准时公示');
      t.clock.set(e.publishedUntil - 1000);
      await t.ctx.jobs.runDue();
      expect((await entry(e.id)).status).toBe('published');
      // The board is only a read: it finalises nothing.
      await villager('GET', `${P}/board`);
      expect((await entry(e.id)).status).toBe('published');

      t.clock.advance(1000);
      await t.ctx.jobs.runDue();
      expect(await entry(e.id)).toMatchObject({ status: 'final', finalAt: e.publishedUntil });
      t.clock.advance(7 * DAY);
      await t.ctx.jobs.runDue();
      const finalised = (await eventsAbout(e.id)).filter((x) => x.type === 'points.entry.finalised');
      expect(finalised).toHaveLength(1);
      expect(finalised[0]).toMatchObject({ householdId: household.id, path: household.path });
      const audit = (await auditOf(e.id)).find((a) => a.action === 'points.finalise')!;
      expect(audit.actorName).toBe('job: points.finalise');
      const job = await t.ctx.db
        .selectFrom('jobs')
        .selectAll()
        .where('uniqueKey', '=', `points.finalise:${e.id}`)
        .executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'done', attempts: 1 });
      // Too late to object.
      const late = await villager('POST', `${P}/entries/${e.id}/objections`, { id: newId(), reason: '太晚了' });
      expect(late.body.error.code).toBe('WRONG_STATE');
    });

    it('an open objection keeps the entry from becoming final; the ruling decides it', async () => {
      const e = await publish(household.id, '有异议');
      const objection = await villager('POST', `${P}/entries/${e.id}/objections`, { id: newId(), reason: '不属实' });
      expect(objection.status).toBe(201);
      t.clock.set(e.publishedUntil + 60_000);
      await t.ctx.jobs.runDue();
      expect((await entry(e.id)).status).toBe('disputed');
      expect((await eventsAbout(e.id)).map((x) => x.type)).not.toContain('points.entry.finalised');
      const filed = (await eventsAbout(objection.body.id))[0];
      expect(filed).toMatchObject({ type: 'points.objection.filed', householdId: household.id });
      // The objector (of another household) hears of it too: the event is addressed to them.
      expect(visibleTo(filed, await listener(filed.accountId!))).toBe(true);
      expect(visibleTo(filed, stranger)).toBe(false);

      await evaluator('POST', `${P}/objections/${objection.body.id}/ruling`, { decision: 'uphold', ruling: '属实' });
      expect((await entry(e.id)).status).toBe('final');
      t.clock.advance(DAY);
      await t.ctx.jobs.runDue();
      const types = (await eventsAbout(e.id)).map((x) => x.type);
      expect(types.filter((x) => x === 'points.entry.finalised')).toHaveLength(1);
      expect((await eventsAbout(objection.body.id)).map((x) => x.type)).toEqual([
        'points.objection.filed',
        'points.objection.ruled',
      ]);
    });

    it('entries already in publication before the jobs existed get theirs from the migration', async () => {
      const e = await publish(household.id, '迁移前公示');
      await t.ctx.db.deleteFrom('jobs').where('uniqueKey', '=', `points.finalise:${e.id}`).execute();
      await m0010.up(t.ctx.db);
      await m0010.up(t.ctx.db); // once per entry, whatever happens
      const jobs = await t.ctx.db
        .selectFrom('jobs')
        .selectAll()
        .where('uniqueKey', '=', `points.finalise:${e.id}`)
        .execute();
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ status: 'pending', dueAt: e.publishedUntil });
      t.clock.set(e.publishedUntil);
      await t.ctx.jobs.runDue();
      expect((await entry(e.id)).status).toBe('final');
    });
  });

  describe('retry-safe routes: one effect per client id', () => {
    /**
     * The same request sent twice at once and once more later has one effect and one answer (201,
     * then 200 with the same body); the same id with another payload is 409.
     */
    async function retrySafe(
      who: Call,
      url: string,
      body: Record<string, unknown>,
      changed: Record<string, unknown>,
      effects: () => Promise<number>,
      headers: Record<string, string> = {},
    ) {
      const before = await effects();
      const both = await Promise.all([who('POST', url, body, headers), who('POST', url, body, headers)]);
      expect(both.map((r) => r.status).sort(), JSON.stringify(both.map((r) => r.body))).toEqual([200, 201]);
      expect(both[0].body).toEqual(both[1].body);
      t.clock.advance(60_000);
      const later = await who('POST', url, body, headers);
      expect(later.status).toBe(200);
      expect(later.body).toEqual(both[0].body);
      expect(await effects()).toBe(before + 1);
      const other = await who('POST', url, changed, headers);
      expect(other.status).toBe(409);
      expect(other.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'id' });
      expect(await effects()).toBe(before + 1);
      return both.find((r) => r.status === 201)!.body;
    }
    const count = async (q: Promise<unknown[]>) => (await q).length;

    it('proposals (body id, or the Idempotency-Key header)', async () => {
      const entries = () =>
        count(t.ctx.db.selectFrom('pointsEntries').select('id').where('reason', 'like', '重试提议%').execute());
      const body = {
        id: newId(),
        ruleCode: 'H04',
        target: { kind: 'household', householdId: household.id },
        reason: '重试提议一',
      };
      const first = await retrySafe(member, `${P}/entries`, body, { ...body, reason: '重试提议二' }, entries);
      expect(first.id).not.toBe(body.id); // the entry's id is the server's
      const { id: _id, ...headerBody } = { ...body, reason: '重试提议三' };
      const key = newId();
      await retrySafe(member, `${P}/entries`, headerBody, { ...headerBody, reason: '重试提议四' }, entries, {
        'idempotency-key': key,
      });
      // Another caller under the same id, with the same payload, is a conflict too.
      const stolen = await evaluator('POST', `${P}/entries`, body);
      expect(stolen.status).toBe(409);
      expect(stolen.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
      expect(await entries()).toBe(2);
    });

    it('objections', async () => {
      const e = await publish(household.id, '重试异议');
      const objections = () =>
        count(t.ctx.db.selectFrom('pointsObjections').select('id').where('entryId', '=', e.id).execute());
      const body = { id: newId(), reason: '重试的异议' };
      const first = await retrySafe(
        villager,
        `${P}/entries/${e.id}/objections`,
        body,
        { ...body, reason: '另一个理由' },
        objections,
      );
      expect(first).toMatchObject({ entryId: e.id, status: 'open' });
    });

    it('reports', async () => {
      const reports = () =>
        count(t.ctx.db.selectFrom('pointsReports').select('id').where('description', '=', '重试的举报').execute());
      const body = { id: newId(), subjectPersonId: memberPersonId, description: '重试的举报', evidence: [] };
      const first = await retrySafe(villager, `${P}/reports`, body, { ...body, evidence: ['photo:x.jpg'] }, reports);
      expect(first).toMatchObject({ status: 'open' });
    });

    it('redemptions', async () => {
      await publish(villagerHousehold, '兑换前得分');
      await publish(villagerHousehold, '兑换前再得分');
      const goods = (await villager('GET', `${P}/shop/items`)).body.items;
      const soap = goods.find((g: any) => g.name.startsWith('香皂'));
      const towel = goods.find((g: any) => g.name.startsWith('毛巾'));
      const redemptions = () => count(t.ctx.db.selectFrom('shopRedemptions').select('id').execute());
      const body = { id: newId(), itemId: soap.id };
      const first = await retrySafe(
        villager,
        `${P}/shop/redemptions`,
        body,
        { ...body, itemId: towel.id },
        redemptions,
      );
      expect(first).toMatchObject({ status: 'reserved', itemId: soap.id });
      expect(first).not.toHaveProperty('payloadHash');
      const ev = (await eventsAbout(first.id))[0];
      expect(ev).toMatchObject({ type: 'shop.redemption.reserved', householdId: villagerHousehold });
      expect(visibleTo(ev, villagerOf(villagerHousehold))).toBe(true);
      expect(visibleTo(ev, stranger)).toBe(false);
    });

    it('a client id equal to another row’s id (this village’s or another’s) is only a request id', async () => {
      const existing = await t.ctx.db
        .selectFrom('pointsEntries')
        .selectAll()
        .where('villageId', '=', t.demo.villageId)
        .where('status', '=', 'proposed')
        .executeTakeFirstOrThrow();
      const elsewhere = await pointsVillage(t);
      const foreign = await t.ctx.db
        .selectFrom('pointsEntries')
        .select('id')
        .where('villageId', '=', elsewhere.villageId)
        .executeTakeFirstOrThrow();
      for (const [i, id] of [existing.id, foreign.id].entries()) {
        const r = await member('POST', `${P}/entries`, {
          id,
          ruleCode: 'H04',
          target: { kind: 'household', householdId: household.id },
          reason: `借用编号 ${i}`,
        });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        expect(r.body.id).not.toBe(id);
      }
      expect(await entry(existing.id)).toEqual(existing);
      const objection = await t.ctx.db.selectFrom('pointsObjections').select('id').executeTakeFirstOrThrow();
      const report = await t.ctx.db.selectFrom('pointsReports').select('id').executeTakeFirstOrThrow();
      const e = await publish(household.id, '借用异议编号');
      const o = await villager('POST', `${P}/entries/${e.id}/objections`, { id: objection.id, reason: '借用编号' });
      expect(o.status, JSON.stringify(o.body)).toBe(201);
      expect(o.body.id).not.toBe(objection.id);
      const r = await villager('POST', `${P}/reports`, {
        id: report.id,
        subjectPersonId: memberPersonId,
        description: '借用编号的举报',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.id).not.toBe(report.id);
    });
  });
});
