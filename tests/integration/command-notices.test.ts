/**
 * Reaching every household (通知到户, issue #10 point 7) over HTTP on the demo village: a notice to
 * every household and unit; a grid member's not-yet-reached list (their grid in the active
 * structure, priority tags first, phones masked unless revealed — and the reveal audited);
 * marks with how or why, retried under the same client-made id with one effect; a second
 * attempt recorded as such; coverage per grid and node kept in counter rows that always equal a
 * recount.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITY_TAGS } from '../../server/src/modules/command/notice-rules';
import { demoApp, type DemoApp } from '../helpers/demo-app';
import { moveOneAndActivate } from '../helpers/restructure';

const V = '/api/v1/villages/dahuashan/command';
let t: DemoApp;

beforeAll(async () => {
  t = await demoApp();
}, 120_000);
afterAll(async () => t?.close());

/** Every counter row equals a recount of the households under its node. */
async function countersMatchRecount(noticeId: string) {
  const counters = await t.ctx.db
    .selectFrom('commandNoticeNodeCounts')
    .selectAll()
    .where('noticeId', '=', noticeId)
    .execute();
  const rows = await t.ctx.db
    .selectFrom('commandNoticeHouseholds')
    .select(['path', 'state'])
    .where('noticeId', '=', noticeId)
    .execute();
  for (const c of counters) {
    const under = rows.filter((r) => r.path.includes(`/${c.nodeId}/`));
    expect({ households: c.households, reached: c.reached, unreachable: c.unreachable }).toEqual({
      households: under.length,
      reached: under.filter((r) => r.state === 'reached').length,
      unreachable: under.filter((r) => r.state === 'unreachable').length,
    });
  }
}

describe('a notice to every household', () => {
  it('lists, marks and counts every household and unit once, with second attempts as such', async () => {
    const structure = await t.ctx.db
      .selectFrom('structures')
      .select('id')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const assigned = await t.ctx.db
      .selectFrom('assignments')
      .innerJoin('households', 'households.id', 'assignments.householdId')
      .select(['assignments.householdId', 'assignments.nodeId', 'households.kind'])
      .where('assignments.structureId', '=', structure.id)
      .execute();
    const opened = await t.call('POST', `${V}/notices`, { text: '今晚全村封控，请居家不外出' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id as string;
    expect(opened.body).toMatchObject({ households: assigned.length, reached: 0, pending: assigned.length });

    // A grid member's list: their grid's households and units, priority tags first.
    const gm = t.logins.find((l) => l.role === 'gridMember')!;
    const member = await t.as('gridMember');
    const post = await t.ctx.db
      .selectFrom('posts')
      .innerJoin('accounts', 'accounts.personId', 'posts.personId')
      .select('posts.nodeId')
      .where('accounts.login', '=', gm.login)
      .where('posts.structureId', '=', structure.id)
      .where('posts.role', '=', 'gridMember')
      .where('posts.validTo', 'is', null)
      .executeTakeFirstOrThrow();
    const mine = assigned.filter((a) => a.nodeId === post.nodeId);
    const list = await member('GET', `${V}/notices/${id}/my-list`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((i: { householdId: string }) => i.householdId).sort()).toEqual(
      mine.map((a) => a.householdId).sort(),
    );
    const weights = list.body.items.map(
      (i: { tags: string[] }) => i.tags.filter((x) => PRIORITY_TAGS.includes(x)).length,
    );
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const withPhone = list.body.items.find((i: { phones: unknown[] }) => i.phones.length);
    expect(withPhone.phones[0].phone).toContain('*');
    const revealed = await member('GET', `${V}/notices/${id}/my-list?reveal=true`);
    expect(
      revealed.body.items.find((i: { householdId: string }) => i.householdId === withPhone.householdId).phones[0].phone,
    ).toMatch(/^\d{11}$/);
    expect(
      await t.ctx.db.selectFrom('auditLog').select('id').where('action', '=', 'person.reveal.notice-list').execute(),
    ).toHaveLength(1);

    const [h1, h2, h3] = list.body.items.map((i: { householdId: string }) => i.householdId);
    const mark = (h: string, body: object) => member('POST', `${V}/notices/${id}/households/${h}/mark`, body);

    // Reached by knocking; the phone's outbox retries the same id: one effect.
    const body = { id: randomUUID(), outcome: 'reached', method: 'door' };
    const first = await mark(h1, body);
    expect(first.body, JSON.stringify(first.body)).toMatchObject({
      state: 'reached',
      method: 'door',
      attempt: 1,
      secondAttempt: false,
      reached: 1,
    });
    expect((await mark(h1, body)).body).toEqual(first.body);
    expect((await mark(h1, { ...body, method: 'phone' })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await mark(h1, { id: randomUUID(), outcome: 'reached', method: 'phone' })).body.error.code).toBe(
      'ALREADY_REACHED',
    );
    // How and why are required.
    expect((await mark(h2, { id: randomUUID(), outcome: 'reached' })).body.error.code).toBe('REACH_METHOD_REQUIRED');
    expect((await mark(h2, { id: randomUUID(), outcome: 'unreachable' })).body.error.code).toBe(
      'REACH_REASON_REQUIRED',
    );

    // Nobody answers; the second attempt, shouting from the roof, reaches them.
    const miss = await mark(h2, { id: randomUUID(), outcome: 'unreachable', reason: '敲门无人应答' });
    expect(miss.body).toMatchObject({ state: 'unreachable', attempt: 1, unreachable: 1 });
    let coverage = await t.call('GET', `${V}/notices/${id}`);
    expect(coverage.body.unreachable).toMatchObject([{ householdId: h2, reason: '敲门无人应答', attempts: 1 }]);
    const roof = await mark(h2, { id: randomUUID(), outcome: 'reached', method: 'roof' });
    expect(roof.body).toMatchObject({
      state: 'reached',
      method: 'roof',
      attempt: 2,
      secondAttempt: true,
      reached: 2,
      unreachable: 0,
    });
    await mark(h3, { id: randomUUID(), outcome: 'reached', method: 'phone' });
    const attempts = await t.ctx.db
      .selectFrom('commandNoticeAttempts')
      .select(['householdId', 'attempt', 'outcome', 'method'])
      .where('noticeId', '=', id)
      .orderBy('at')
      .orderBy('attempt')
      .execute();
    expect(attempts.filter((a) => a.householdId === h2)).toEqual([
      { householdId: h2, attempt: 1, outcome: 'unreachable', method: null },
      { householdId: h2, attempt: 2, outcome: 'reached', method: 'roof' },
    ]);

    // A household outside the member's grid is not theirs to mark.
    const other = assigned.find((a) => a.nodeId !== post.nodeId)!;
    expect((await mark(other.householdId, { id: randomUUID(), outcome: 'reached', method: 'phone' })).status).toBe(403);

    // Coverage per grid and up the tree, from the counter rows; the list shrinks.
    coverage = await t.call('GET', `${V}/notices/${id}`);
    expect(coverage.body.notice).toMatchObject({ reached: 3, unreachable: 0, pending: assigned.length - 3 });
    const grid = coverage.body.nodes.find((n: { nodeId: string }) => n.nodeId === post.nodeId);
    expect(grid).toMatchObject({ households: mine.length, reached: 3, pending: mine.length - 3 });
    expect(coverage.body.unreachable).toEqual([]);
    await countersMatchRecount(id);
    expect((await member('GET', `${V}/notices/${id}/my-list`)).body.items.length).toBe(mine.length - 3);
    const events = await t.ctx.db
      .selectFrom('events')
      .select('seq')
      .where('type', '=', 'command.notice.marked')
      .where('subjectId', '=', id)
      .execute();
    expect(events.length).toBe(4);
    // The grid members of the village were told of it on their accounts.
    const told = await t.ctx.db
      .selectFrom('events')
      .select('accountId')
      .where('type', '=', 'command.notice.opened')
      .where('subjectId', '=', id)
      .execute();
    expect(told.length).toBeGreaterThan(0);
    // A grid member may not read the village's coverage.
    expect((await member('GET', `${V}/notices/${id}`)).status).toBe(403);
  });

  it('follows a household to its new grid when the structure changes during the notice', async () => {
    const opened = await t.call('POST', `${V}/notices`, { text: '夜间加密网格后继续通知到户' });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const { small, big, moved: moving, activate } = await moveOneAndActivate(t.call);
    const memberOf = async (nodeId: string) => {
      const p = await t.ctx.db
        .selectFrom('posts')
        .innerJoin('accounts', 'accounts.personId', 'posts.personId')
        .select('accounts.login')
        .where('posts.nodeId', '=', nodeId)
        .where('posts.role', '=', 'gridMember')
        .where('posts.validTo', 'is', null)
        .executeTakeFirstOrThrow();
      return t.as({ login: p.login });
    };
    const [smallMember, bigMember] = [await memberOf(small.id), await memberOf(big.id)];
    const listed = async (member: typeof smallMember) =>
      (await member('GET', `${V}/notices/${id}/my-list`)).body.items.map((i: { householdId: string }) => i.householdId);
    const mark = (member: typeof smallMember) =>
      member('POST', `${V}/notices/${id}/households/${moving}/mark`, {
        id: randomUUID(),
        outcome: 'reached',
        method: 'door',
      });
    expect(await listed(smallMember)).not.toContain(moving);
    expect((await mark(smallMember)).status).toBe(403);

    // Overnight the household moves to the small grid; the new structure is activated.
    await activate();

    // The small grid's member now has it on the list and may mark it; the big grid's no longer.
    expect(await listed(smallMember)).toContain(moving);
    expect(await listed(bigMember)).not.toContain(moving);
    expect((await mark(bigMember)).status).toBe(403);
    const marked = await mark(smallMember);
    expect(marked.body, JSON.stringify(marked.body)).toMatchObject({ state: 'reached', attempt: 1 });
    await countersMatchRecount(id);
  });
});
