/**
 * Health data after an emergency (issue #12): the replies to a response's instructions are kept
 * while it runs and for the retention period after it is closed; the daily retention job then
 * removes their text (the acknowledgements stay) and audits what it removed — counts and period,
 * not the text. A response still open keeps its replies. Driven by the injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCoreJobs, scheduleRetention } from '../../server/src/core/retention';
import { demoApp, type DemoApp } from '../helpers/demo-app';

const DAY = 86_400_000;
const V = '/api/v1/villages/dahuashan/command';
let t: DemoApp;

beforeAll(async () => {
  t = await demoApp();
  registerCoreJobs(t.ctx, { eventDays: 3650, idempotencyDays: 3650, healthDataDays: 30 });
}, 120_000);
afterAll(async () => t?.close());

async function respondWithReply(name: string, reply: string) {
  const opened = await t.call('POST', `${V}/responses`, { name, level: '一级' });
  expect(opened.status).toBe(201);
  const member = await t.ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .select('posts.personId')
    .where('structures.status', '=', 'active')
    .where('posts.role', '=', 'gridMember')
    .where('posts.validTo', 'is', null)
    .executeTakeFirstOrThrow();
  const sent = await t.call('POST', `${V}/instructions`, {
    responseId: opened.body.id,
    text: '逐户报告发热情况',
    targets: { personIds: [member.personId] },
  });
  expect(sent.status).toBe(201);
  const ack = await t.call('POST', `${V}/instructions/${sent.body.id}/ack-on-behalf`, {
    personId: member.personId,
    text: reply,
  });
  expect(ack.status, JSON.stringify(ack.body)).toBe(200);
  return { responseId: opened.body.id as string, instructionId: sent.body.id as string };
}

const reply = async (instructionId: string) =>
  t.ctx.db
    .selectFrom('commandRecipients')
    .select(['ackText', 'ackedAt'])
    .where('instructionId', '=', instructionId)
    .executeTakeFirstOrThrow();
const purgeAudits = () =>
  t.ctx.db.selectFrom('auditLog').selectAll().where('action', '=', 'retention.health_purge').execute();

/** Let the daily job run as the clock passes days (each run schedules the next). */
async function runDays(days: number) {
  for (let h = 0; h < days * 2; h++) {
    t.clock.advance(DAY / 2);
    await t.ctx.jobs.runDue();
  }
}

describe('health data retention after an emergency', () => {
  it('removes the replies of a closed response after the period, keeps the acknowledgement, and audits counts only', async () => {
    const closed = await respondWithReply('发热排查', '家中老人发烧 38.5');
    const open = await respondWithReply('仍在进行', '本户有人咳嗽');
    expect((await t.call('POST', `${V}/responses/${closed.responseId}/close`, {})).status).toBe(200);
    await scheduleRetention(t.ctx);
    await t.ctx.jobs.runDue();

    await runDays(29);
    expect((await reply(closed.instructionId)).ackText).toBe('家中老人发烧 38.5'); // within the period
    expect(await purgeAudits()).toEqual([]);

    await runDays(2);
    const after = await reply(closed.instructionId);
    expect(after.ackText).toBeNull(); // the health text is gone …
    expect(after.ackedAt).not.toBeNull(); // … the acknowledgement stays
    expect((await reply(open.instructionId)).ackText).toBe('本户有人咳嗽'); // still running: kept

    const audits = await purgeAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0].villageId).toBe(t.demo.villageId);
    const recorded = JSON.parse(audits[0].after!);
    expect(recorded).toMatchObject({ purger: 'command.replies', counts: { replies: 1 }, retentionDays: 30 });
    expect(audits[0].after).not.toContain('发烧');
    // Nothing in the audit log holds the reply's text either.
    const texts = await t.ctx.db.selectFrom('auditLog').select('after').where('after', 'like', '%发烧%').execute();
    expect(texts).toEqual([]);

    await runDays(3);
    expect(await purgeAudits()).toHaveLength(1); // nothing left to purge: no empty records
  }, 120_000);
});
