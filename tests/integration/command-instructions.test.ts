/**
 * Emergency command over HTTP on the demo village (issue #10): an instruction to everyone in post,
 * acknowledged by most over their own sessions, reminders and escalations reaching exactly the
 * right leaders once each as the injected clock advances, and the timeline's times to 50/90/100 %.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';

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
const sessions = new Map<string, Call>();
const as = async (s: Staff) => {
  if (!sessions.has(s.personId)) sessions.set(s.personId, await t.as({ login: s.login! }));
  return sessions.get(s.personId)!;
};
const byRole = (role: string) => staff.filter((s) => s.role === role);
const leaderAt = (nodeId: string) =>
  staff.find((s) => s.nodeId === nodeId && s.role !== 'gridMember' && s.role !== 'evaluator')!;
const parentOf = (path: string) => path.split('/').filter(Boolean).slice(-2)[0];

beforeAll(async () => {
  t = await demoApp();
  const rows = await t.ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .leftJoin('accounts', 'accounts.personId', 'posts.personId')
    .select(['posts.personId', 'posts.role', 'posts.nodeId', 'nodes.path', 'accounts.login'])
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .execute();
  staff = rows.filter((r) => r.role !== 'reserve');
}, 120_000);
afterAll(async () => t?.close());

const escalations = (instructionId: string) =>
  t.ctx.db
    .selectFrom('commandEscalations')
    .select(['step', 'kind', 'toPersonId', 'outstanding'])
    .where('instructionId', '=', instructionId)
    .orderBy('step')
    .orderBy('toPersonId')
    .execute();

describe('an instruction to the whole village', () => {
  it('is acknowledged by most, reminds and escalates to exactly the right leaders once each, and records the times', async () => {
    const chief = byRole('chief')[0];
    const opened = await t.call('POST', `${V}/responses`, { name: '11·3 疫情应急', level: '一级' });
    expect(opened.status).toBe(201);
    const sent = await t.call('POST', `${V}/instructions`, {
      responseId: opened.body.id,
      text: '全体网格员立即到村委会集合',
      targets: {},
    });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;
    const everyone = staff.filter((s) => s.personId !== chief.personId);
    expect(sent.body.recipients).toBe(everyone.length); // 1 evaluator + 4 + 14 + 76
    expect(everyone.length).toBe(95);

    // The outstanding: two members of one patch, the grid leader of another, and one who answers late.
    const members = byRole('gridMember');
    const p1 = parentOf(members[0].path);
    const [m1, m2] = members.filter((m) => parentOf(m.path) === p1);
    const gl = byRole('gridLeader').find((g) => g.nodeId !== p1)!;
    const late = members.find((m) => parentOf(m.path) !== p1 && parentOf(m.path) !== gl.nodeId)!;
    const outstanding = new Set([m1, m2, gl, late].map((s) => s.personId));
    const answering = everyone.filter((s) => !outstanding.has(s.personId));

    // The recipient's app hears of it on their own account.
    const heard = await t.ctx.db
      .selectFrom('events')
      .select('accountId')
      .where('type', '=', 'command.instruction.sent')
      .where('subjectId', '=', id)
      .execute();
    expect(heard.length).toBe(everyone.filter((s) => s.login).length);

    // 48 acknowledge after one minute (50 %), the rest of the 91 after two (90 % is the 86th).
    t.clock.advance(MIN);
    for (const [n, s] of answering.entries()) {
      if (n === 48) t.clock.advance(MIN);
      const c = await as(s);
      const body = { id: randomUUID(), text: n % 3 === 0 ? '收到' : n % 3 === 1 ? '明白' : 'OK' };
      const res = await c('POST', `${V}/instructions/${id}/ack`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (n === 0) {
        // The phone retries with the same id: one acknowledgement.
        const again = await c('POST', `${V}/instructions/${id}/ack`, body);
        expect(again.status).toBe(200);
        expect(again.body).toEqual(res.body);
      }
    }
    let board = await t.call('GET', `${V}/instructions/${id}`);
    expect(board.body.instruction.acknowledged).toBe(91);
    expect(board.body.outstanding.map((o: { personId: string }) => o.personId).sort()).toEqual([...outstanding].sort());
    const p1Roll = board.body.nodes.find((n: { nodeId: string }) => n.nodeId === p1);
    const inP1 = everyone.filter((s) => s.path.includes(`/${p1}/`));
    expect(p1Roll).toMatchObject({ recipients: inP1.length, acknowledged: inP1.length - 2 });

    // 5 minutes: a reminder to each of the four outstanding, nobody else.
    t.clock.advance(3 * MIN);
    await t.ctx.jobs.runDue();
    let made = await escalations(id);
    expect(
      made
        .filter((e) => e.step === 0)
        .map((e) => e.toPersonId)
        .sort(),
    ).toEqual([...outstanding].sort());

    // The late one answers at 6 minutes: no escalation about them.
    t.clock.advance(MIN);
    expect((await (await as(late))('POST', `${V}/instructions/${id}/ack`, { text: '收到' })).status).toBe(200);

    // 10 minutes: each one's nearest leader, one message per leader listing their people.
    t.clock.advance(4 * MIN);
    await t.ctx.jobs.runDue();
    const expectLevel = (step: number, pick: (s: Staff) => Staff) => {
      const want = new Map<string, string[]>();
      for (const s of [m1, m2, gl]) {
        const l = pick(s);
        want.set(l.personId, [...(want.get(l.personId) ?? []), s.personId]);
      }
      return want;
    };
    const leader1 = (s: Staff) => leaderAt(s.role === 'gridMember' ? parentOf(s.path) : parentOf(s.path));
    const leader2 = (s: Staff) => leaderAt(parentOf(leader1(s).path));
    const recipientPerson = async (ids: string[]) =>
      (await t.ctx.db.selectFrom('commandRecipients').select('personId').where('id', 'in', ids).execute()).map(
        (r) => r.personId,
      );
    for (const [step, pick] of [
      [1, leader1],
      [2, leader2],
    ] as const) {
      if (step === 2) {
        t.clock.advance(5 * MIN);
        await t.ctx.jobs.runDue();
      }
      made = await escalations(id);
      const got = new Map<string, string[]>();
      for (const e of made.filter((x) => x.step === step))
        got.set(e.toPersonId, (await recipientPerson(JSON.parse(e.outstanding))).sort());
      const want = expectLevel(step, pick);
      expect(new Map([...got].sort()), `level ${step}`).toEqual(
        new Map([...want].map(([k, v]) => [k, v.sort()] as [string, string[]]).sort()),
      );
    }
    // Once each: running again (as after a restart) sends nothing more.
    const before = (await escalations(id)).length;
    const outbox = await t.ctx.db.selectFrom('outboundMessages').select('id').where('subjectId', '=', id).execute();
    await t.ctx.jobs.runDue();
    expect((await escalations(id)).length).toBe(before);
    expect(
      (await t.ctx.db.selectFrom('outboundMessages').select('id').where('subjectId', '=', id).execute()).length,
    ).toBe(outbox.length);
    const escalatedTo = await t.ctx.db
      .selectFrom('events')
      .innerJoin('accounts', 'accounts.id', 'events.accountId')
      .select('accounts.personId')
      .where('events.type', '=', 'command.instruction.escalated')
      .where('events.subjectId', '=', id)
      .execute();
    expect(escalatedTo.length).toBe(made.filter((e) => e.step > 0).length);

    // 16 minutes: m1's grid leader phones them and records it; the other two answer.
    t.clock.advance(MIN);
    const p1Leader = await as(leaderAt(p1));
    const onBehalf = await p1Leader('POST', `${V}/instructions/${id}/ack-on-behalf`, { personId: m1.personId });
    expect(onBehalf.status, JSON.stringify(onBehalf.body)).toBe(200);
    for (const s of [m2, gl]) expect((await (await as(s))('POST', `${V}/instructions/${id}/ack`, {})).status).toBe(200);
    board = await t.call('GET', `${V}/instructions/${id}`);
    expect(board.body.instruction.acknowledged).toBe(95);
    expect(board.body.outstanding).toEqual([]);
    const m1Row = board.body.recipients.find((r: { personId: string }) => r.personId === m1.personId);
    expect(m1Row).toMatchObject({ ackChannel: 'phone', ackText: '电话已通知', ackOnBehalfName: expect.any(String) });
    expect(board.body.nodes.find((n: { nodeId: string }) => n.nodeId === p1)).toMatchObject({
      acknowledged: inP1.length,
    });

    const timeline = await t.call('GET', `${V}/responses/${opened.body.id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.instructions[0]).toMatchObject({
      recipients: 95,
      acknowledged: 95,
      to50Ms: MIN,
      to90Ms: 2 * MIN,
      to100Ms: 16 * MIN,
      reminders: 4,
      escalations: made.filter((e) => e.step > 0).length,
    });
    const closed = await t.call('POST', `${V}/responses/${opened.body.id}/close`, {});
    expect(closed.body.endedAt).toBe(t.clock.now());
  }, 180_000);
});

describe('amend, cancel and scope', () => {
  const patchOf = () => byRole('gridLeader')[0];

  it('an amendment asks everyone to acknowledge again', async () => {
    const gl = patchOf();
    const sent = await t.call('POST', `${V}/instructions`, { text: '检查消防通道', targets: { nodeIds: [gl.nodeId] } });
    const id = sent.body.id;
    const inPatch = staff.filter((s) => s.path.startsWith(gl.path) && s.personId !== gl.personId);
    expect(sent.body.recipients).toBe(inPatch.length + 1); // the members and the patch's leader
    for (const s of inPatch) await (await as(s))('POST', `${V}/instructions/${id}/ack`, {});
    expect((await t.call('GET', `${V}/instructions/${id}`)).body.instruction.acknowledged).toBe(inPatch.length);
    const amended = await t.call('POST', `${V}/instructions/${id}/amend`, { text: '补充：带上手电' });
    expect(amended.status).toBe(200);
    expect(amended.body).toMatchObject({ round: 2, acknowledged: 0 });
    const board = (await t.call('GET', `${V}/instructions/${id}`)).body;
    expect(board.outstanding.length).toBe(inPatch.length + 1);
    expect(board.thread.map((m: { text: string }) => m.text)).toEqual(['检查消防通道', '补充：带上手电']);
    expect(board.nodes.every((n: { acknowledged: number }) => n.acknowledged === 0)).toBe(true);
    // Round 1's steps are gone; round 2's remind from the amendment's time.
    t.clock.advance(5 * MIN);
    await t.ctx.jobs.runDue();
    const made = await escalations(id);
    expect(made.map((e) => e.step)).toEqual(new Array(inPatch.length + 1).fill(0));
  });

  it('cancelling stops every pending reminder and escalation', async () => {
    const gl = patchOf();
    const id = (await t.call('POST', `${V}/instructions`, { text: '取消测试', targets: { nodeIds: [gl.nodeId] } })).body
      .id;
    expect((await t.call('POST', `${V}/instructions/${id}/cancel`)).status).toBe(200);
    const jobs = await t.ctx.db
      .selectFrom('jobs')
      .select('status')
      .where('uniqueKey', 'like', `command.step:${id}:%`)
      .execute();
    expect(jobs.length).toBe(3);
    expect(jobs.every((j) => j.status === 'cancelled')).toBe(true);
    t.clock.advance(20 * MIN);
    await t.ctx.jobs.runDue();
    expect(await escalations(id)).toEqual([]);
    const m = staff.find((s) => s.path.startsWith(gl.path) && s.role === 'gridMember')!;
    expect((await (await as(m))('POST', `${V}/instructions/${id}/ack`, {})).status).toBe(409);
  });

  it('a leader commands only their subtree and sees only it on the board', async () => {
    const [gl, other] = byRole('gridLeader');
    const mine = await as(gl);
    const refused = await mine('POST', `${V}/instructions`, { text: '越权', targets: { nodeIds: [other.nodeId] } });
    expect(refused.status).toBe(403);
    const named = await mine('POST', `${V}/instructions`, {
      text: '越权',
      targets: { personIds: [staff.find((s) => s.path.startsWith(other.path) && s.role === 'gridMember')!.personId] },
    });
    expect(named.status).toBe(403);
    const member = await as(staff.find((s) => s.role === 'gridMember')!);
    expect((await member('POST', `${V}/instructions`, { text: '越权', targets: {} })).status).toBe(403);

    const own = await mine('POST', `${V}/instructions`, { text: '本片自查', targets: {} });
    expect(own.status).toBe(201);
    expect(own.body.recipients).toBe(
      staff.filter((s) => s.path.startsWith(gl.path) && s.personId !== gl.personId).length,
    );

    const all = await t.call('POST', `${V}/instructions`, { text: '全村', targets: {} });
    const board = await mine('GET', `${V}/instructions/${all.body.id}`);
    expect(board.status).toBe(200);
    expect(board.body.recipients.length).toBe(staff.filter((s) => s.path.startsWith(gl.path)).length);
    expect(board.body.recipients.every((r: { path: string }) => r.path.startsWith(gl.path))).toBe(true);
    expect(board.body.nodes.every((n: { path: string }) => n.path.startsWith(gl.path))).toBe(true);
  });
});
