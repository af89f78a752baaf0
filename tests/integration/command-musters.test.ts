/**
 * Musters (集结, issue #10 point 6) over HTTP on the demo village: ten grid members called to the
 * village committee; answers from their own sessions (on my way, cannot come with a reason,
 * arrived by the place's QR token, arrived as recorded by their leader), retries answered once,
 * arrival final; the live board (arrived with times, on the way, missing, per node) scoped to the
 * caller; events for the screens; the timeline's times to 50 / 90 / 100 % of arrivals.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../server/src/modules/ops/invariants';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { moveOneAndActivate } from '../helpers/restructure';

const MIN = 60_000;
const V = '/api/v1/villages/dahuashan/command';

interface Staff {
  personId: string;
  role: string;
  nodeId: string;
  path: string;
  login: string | null;
}
let t: DemoApp;
let staff: Staff[];
const parentOf = (path: string) => path.split('/').filter(Boolean).slice(-2)[0];
const sessions = new Map<string, Call>();
const as = async (s: Staff) => {
  if (!sessions.has(s.personId)) sessions.set(s.personId, await t.as({ login: s.login! }));
  return sessions.get(s.personId)!;
};

beforeAll(async () => {
  t = await demoApp();
  staff = await t.ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .leftJoin('accounts', 'accounts.personId', 'posts.personId')
    .select(['posts.personId', 'posts.role', 'posts.nodeId', 'nodes.path', 'accounts.login'])
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .orderBy('nodes.path')
    .execute();
}, 120_000);
afterAll(async () => t?.close());

describe('a muster', () => {
  it('calls people to a place, takes their answers once each, and shows the board and the times', async () => {
    const members = staff.filter((s) => s.role === 'gridMember' && s.login).slice(0, 10);
    const response = await t.call('POST', `${V}/responses`, { name: '夜间集结演练', level: '二级' });
    const opened = await t.call('POST', `${V}/musters`, {
      responseId: response.body.id,
      text: '全体网格员立即到村委会集合',
      place: { name: '村委会', lat: 40.1, lng: 116.2 },
      targets: { personIds: members.map((m) => m.personId) },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id as string;
    const token = opened.body.token as string;
    expect(opened.body).toMatchObject({ recipients: 10, arrived: 0, place: { name: '村委会' } });
    const called = await t.ctx.db
      .selectFrom('events')
      .select('accountId')
      .where('type', '=', 'command.muster.called')
      .where('subjectId', '=', id)
      .execute();
    expect(called.length).toBe(10);

    // Answers: a wrong code is refused; cannot-come needs a reason; the QR code checks in.
    const c0 = await as(members[0]);
    expect((await c0('POST', `${V}/musters/${id}/check-in`, { token: 'not-the-code' })).body.error.code).toBe(
      'MUSTER_TOKEN_INVALID',
    );
    expect((await c0('POST', `${V}/musters/${id}/answer`, { state: 'cannot_come' })).status).toBe(400);
    const sick = await as(members[9]);
    const cannot = await sick('POST', `${V}/musters/${id}/answer`, { state: 'cannot_come', reason: '发烧在家' });
    expect(cannot.body).toMatchObject({ state: 'cannot_come', reason: '发烧在家' });
    for (const m of members.slice(6, 9))
      expect((await (await as(m))('POST', `${V}/musters/${id}/answer`, { state: 'on_my_way' })).status).toBe(200);

    // Arrivals a minute apart: members 0..5 scan the code; one retry of a check-in counts once.
    for (const [n, m] of members.slice(0, 5).entries()) {
      t.clock.advance(MIN);
      const c = await as(m);
      const body = { id: randomUUID(), token };
      const res = await c('POST', `${V}/musters/${id}/check-in`, body);
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ state: 'arrived', arrivedVia: 'qr' });
      if (n === 0) expect((await c('POST', `${V}/musters/${id}/check-in`, body)).body).toEqual(res.body);
    }
    // Member 6 was on the way and is recorded at the place by their leader.
    t.clock.advance(MIN);
    const leader = staff.find((s) => s.nodeId === parentOf(members[6].path) && s.login && s.role !== 'gridMember')!;
    const recorded = await (await as(leader))('POST', `${V}/musters/${id}/arrivals`, { personId: members[6].personId });
    expect(recorded.body, JSON.stringify(recorded.body)).toMatchObject({ state: 'arrived', arrivedVia: 'leader' });
    // Arrival is final.
    expect((await c0('POST', `${V}/musters/${id}/answer`, { state: 'on_my_way' })).body.error.code).toBe(
      'ALREADY_ARRIVED',
    );

    const board = await t.call('GET', `${V}/musters/${id}`);
    expect(board.status).toBe(200);
    const b = board.body;
    expect(b.muster).toMatchObject({ recipients: 10, arrived: 6, onMyWay: 2, cannotCome: 1 });
    expect(b.arrived.map((p: { personId: string }) => p.personId)).toEqual(
      [0, 1, 2, 3, 4, 6].map((i) => members[i].personId),
    );
    expect(b.arrived[1].arrivedAt - b.arrived[0].arrivedAt).toBe(MIN);
    expect(b.onTheWay.map((p: { personId: string }) => p.personId).sort()).toEqual(
      [members[7].personId, members[8].personId].sort(),
    );
    expect(b.cannotCome[0]).toMatchObject({ personId: members[9].personId, reason: '发烧在家' });
    expect(b.missing.map((p: { personId: string; phone: string }) => p.personId)).toEqual([members[5].personId]);
    expect(b.missing[0].phone).toBeTruthy();
    // The roll-up per node adds up (the root holds everyone).
    const root = b.nodes.find((n: { path: string }) => n.path.split('/').filter(Boolean).length === 1);
    expect(root).toMatchObject({ recipients: 10, arrived: 6, onMyWay: 2, cannotCome: 1 });
    expect(b.to50Ms).toBe(5 * MIN);
    expect(b.to90Ms).toBeNull();

    // A grid leader sees their own subtree only; a grid member may not see the board.
    const lb = await (await as(leader))('GET', `${V}/musters/${id}`);
    const inLeader = members.filter((m) => m.path.startsWith(leader.path));
    expect(lb.body.arrived.length + lb.body.onTheWay.length + lb.body.cannotCome.length + lb.body.missing.length).toBe(
      inLeader.length,
    );
    expect((await c0('GET', `${V}/musters/${id}`)).status).toBe(403);

    // The rest arrive: 90 % at the 9th arrival, 100 % never (one cannot come).
    for (const m of [members[5], members[7], members[8]]) {
      t.clock.advance(MIN);
      await (
        await as(m)
      )('POST', `${V}/musters/${id}/check-in`, { token });
    }
    const timeline = await t.call('GET', `${V}/responses/${response.body.id}/timeline`);
    expect(timeline.body.musters).toEqual([
      expect.objectContaining({
        id,
        recipients: 10,
        arrived: 9,
        cannotCome: 1,
        to50Ms: 5 * MIN,
        to90Ms: 9 * MIN,
        to100Ms: null,
      }),
    ]);
    const answered = await t.ctx.db
      .selectFrom('events')
      .select('seq')
      .where('type', '=', 'command.muster.answered')
      .where('subjectId', '=', id)
      .execute();
    expect(answered.length).toBe(13); // 1 cannot come, 3 on the way, 9 arrivals

    expect((await t.call('POST', `${V}/musters/${id}/close`)).status).toBe(200);
    expect((await sick('POST', `${V}/musters/${id}/answer`, { state: 'on_my_way' })).body.error.code).toBe(
      'MUSTER_CLOSED',
    );
  });

  it('hands the people over with their grid when the structure changes during the muster', async () => {
    const member = staff.find((s) => s.role === 'gridMember' && s.login)!;
    const leader = staff.find((s) => s.nodeId === parentOf(member.path) && s.login && s.role !== 'gridMember')!;
    const stranger = staff.find(
      (s) => s.login && s.role === leader.role && s.nodeId !== leader.nodeId && !member.path.startsWith(s.path),
    )!;
    const opened = await t.call('POST', `${V}/musters`, {
      text: '全体网格员立即到村委会集合',
      place: { name: '村委会' },
      targets: { personIds: [member.personId] },
    });
    const sent = await t.call('POST', `${V}/instructions`, {
      text: '今晚加密网格，请回复收到',
      targets: { personIds: [member.personId] },
    });
    expect([opened.status, sent.status]).toEqual([201, 201]);
    await (await moveOneAndActivate(t.call)).activate();

    // The leader of the member's grid, in the new structure, records for them; another leader may not.
    const arrive = (who: Call) =>
      who('POST', `${V}/musters/${opened.body.id}/arrivals`, { id: randomUUID(), personId: member.personId });
    const ack = (who: Call) =>
      who('POST', `${V}/instructions/${sent.body.id}/ack-on-behalf`, { id: randomUUID(), personId: member.personId });
    expect((await arrive(await as(stranger))).status).toBe(403);
    expect((await ack(await as(stranger))).status).toBe(403);
    const arrived = await arrive(await as(leader));
    expect(arrived.body, JSON.stringify(arrived.body)).toMatchObject({ state: 'arrived', arrivedVia: 'leader' });
    const acked = await ack(await as(leader));
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    // The leader keeps both boards (kept in the paths of the structure they went out in); the other leader has none.
    const musterBoard = await (await as(leader))('GET', `${V}/musters/${opened.body.id}`);
    expect(musterBoard.body.arrived?.map((p: { personId: string }) => p.personId)).toEqual([member.personId]);
    const board = await (await as(leader))('GET', `${V}/instructions/${sent.body.id}`);
    expect(board.body.recipients?.map((r: { personId: string }) => r.personId)).toEqual([member.personId]);
    expect((await (await as(stranger))('GET', `${V}/musters/${opened.body.id}`)).status).toBe(403);
    expect((await (await as(stranger))('GET', `${V}/instructions/${sent.body.id}`)).status).toBe(403);
    expect((await checkInvariants(t.ctx.db)).problems).toEqual([]);
  });
});
