/**
 * The invariants of musters and household notices (`wangge check`, the crash harness): after a
 * muster answered and a notice marked over HTTP they hold; a counter moved behind the rows' back —
 * on a muster, on a notice's node, or a household's attempts — is found and named.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../server/src/modules/ops/invariants';
import { demoApp, type DemoApp } from '../helpers/demo-app';

const V = '/api/v1/villages/dahuashan/command';
let t: DemoApp;

beforeAll(async () => {
  t = await demoApp();
}, 120_000);
afterAll(async () => t?.close());

const codes = async () => (await checkInvariants(t.ctx.db)).problems.map((p) => p.code);

describe('the emergency invariants', () => {
  it('hold after answers and marks, and find counters that disagree with their rows', async () => {
    const gm = t.logins.find((l) => l.role === 'gridMember')!;
    const member = await t.as('gridMember');
    const person = await t.ctx.db
      .selectFrom('accounts')
      .select('personId')
      .where('login', '=', gm.login)
      .executeTakeFirstOrThrow();
    const muster = await t.call('POST', `${V}/musters`, {
      text: '立即到村委会集合',
      place: { name: '村委会' },
      targets: { personIds: [person.personId] },
    });
    expect(muster.status, JSON.stringify(muster.body)).toBe(201);
    const musterId = muster.body.id as string;
    expect((await member('POST', `${V}/musters/${musterId}/answer`, { state: 'on_my_way' })).status).toBe(200);
    expect(
      (await member('POST', `${V}/musters/${musterId}/check-in`, { id: randomUUID(), token: muster.body.token }))
        .status,
    ).toBe(200);

    const notice = await t.call('POST', `${V}/notices`, { text: '今晚请居家不外出' });
    expect(notice.status, JSON.stringify(notice.body)).toBe(201);
    const noticeId = notice.body.id as string;
    const list = await member('GET', `${V}/notices/${noticeId}/my-list`);
    const [h1, h2] = list.body.items.map((i: { householdId: string }) => i.householdId);
    const mark = (h: string, body: object) =>
      member('POST', `${V}/notices/${noticeId}/households/${h}/mark`, { id: randomUUID(), ...body });
    expect((await mark(h1, { outcome: 'reached', method: 'door' })).status).toBe(200);
    expect((await mark(h2, { outcome: 'unreachable', reason: '家中无人' })).status).toBe(200);
    expect((await mark(h2, { outcome: 'reached', method: 'phone' })).body).toMatchObject({ attempt: 2 });
    expect(await codes()).toEqual([]);

    const db = t.ctx.db;
    await db.updateTable('commandMusters').set({ arrived: 2 }).where('id', '=', musterId).execute();
    expect(await codes()).toEqual(['MUSTER_COUNT_MISMATCH']);
    await db.updateTable('commandMusters').set({ arrived: 1 }).where('id', '=', musterId).execute();

    const node = await db
      .selectFrom('commandNoticeNodeCounts')
      .select(['nodeId', 'reached'])
      .where('noticeId', '=', noticeId)
      .where('reached', '>', 0)
      .executeTakeFirstOrThrow();
    const atNode = db
      .updateTable('commandNoticeNodeCounts')
      .where('noticeId', '=', noticeId)
      .where('nodeId', '=', node.nodeId);
    await atNode.set({ reached: node.reached + 1 }).execute();
    expect(await codes()).toEqual(['NOTICE_COUNT_MISMATCH']);
    await atNode.set({ reached: node.reached }).execute();

    const atHousehold = db
      .updateTable('commandNoticeHouseholds')
      .where('noticeId', '=', noticeId)
      .where('householdId', '=', h2);
    await atHousehold.set({ attempts: 1 }).execute();
    expect(await codes()).toEqual(['NOTICE_ATTEMPTS_MISMATCH']);
    await atHousehold.set({ attempts: 2 }).execute();
    expect(await codes()).toEqual([]);
  });
});
