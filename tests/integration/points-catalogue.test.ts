import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from '../helpers/demo-app';
import { multipart } from '../helpers/import-fixture';

const P = '/api/v1/villages/dahuashan/points';

describe('the rule catalogue', () => {
  let t: DemoApp;
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  const upload = async (csv: string, dryRun: boolean) => {
    const cookies = (t.call as unknown as { cookies: Map<string, string> }).cookies;
    const auth = {
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': cookies.get('wangge_csrf')!,
    };
    const res = await t.app.inject({
      method: 'POST',
      url: `${P}/rules/import?dryRun=${dryRun}`,
      ...multipart('rules.csv', Buffer.from(csv), auth),
    });
    return { status: res.statusCode, body: res.json() };
  };

  it('revising an item makes a new version; entries keep the version they were made under', async () => {
    const before = (await t.call('GET', `${P}/rules`)).body.items.find((r: any) => r.code === 'H03');
    const revised = await t.call('PUT', `${P}/rules/H03`, {
      accountKind: 'household',
      entryKind: 'positive',
      name: '参加志愿服务（新）',
      points: 15,
      evidenceRequired: false,
      periodLimit: 10,
      proposers: ['gridMember'],
      needsReview: true,
      needsPublication: true,
    });
    expect(revised.body).toMatchObject({ code: 'H03', version: 2, points: 15 });
    const history = await t.ctx.db
      .selectFrom('pointsRules')
      .selectAll()
      .where('code', '=', 'H03')
      .orderBy('version')
      .execute();
    expect(history.map((r) => [r.version, r.points, r.supersededAt === null])).toEqual([
      [1, before.points, false],
      [2, 15, true],
    ]);
    const oldEntries = await t.ctx.db
      .selectFrom('pointsEntries')
      .select(['ruleId', 'requested'])
      .where('ruleId', '=', before.id)
      .execute();
    expect(oldEntries.length).toBeGreaterThan(0);
    expect(oldEntries.every((e) => e.requested === before.points)).toBe(true);
  });

  it('imports a catalogue spreadsheet: dry run lists problems, a clean file adds and revises, again changes nothing', async () => {
    const bad = '编号,适用对象,类别,名称,分值\nH20,农户,加分,门前三包,3\nH21,外星人,正向积分,,x\n';
    const dry = await upload(bad, true);
    expect(dry.status).toBe(200);
    expect(dry.body.problems.map((p: any) => [p.row, p.column])).toEqual([
      [3, '适用对象'],
      [3, '名称'],
      [3, '分值'],
    ]);
    expect((await upload(bad, false)).body.error.code).toBe('IMPORT_INVALID');
    const good =
      '编号,适用对象,类别,名称,分值,需证据,每年上限,提出人,需审核,需公示\nH20,农户,正向积分,门前三包,3,否,24,网格员、网格长,否,是\nH01,农户,正向积分,庭院整洁,6,是,12,网格员,是,是\n';
    expect((await upload(good, false)).body).toMatchObject({ added: 1, revised: 1, unchanged: 0 });
    expect((await upload(good, false)).body).toMatchObject({ added: 0, revised: 0, unchanged: 2 });
    const h20 = (await t.call('GET', `${P}/rules`)).body.items.find((r: any) => r.code === 'H20');
    expect(h20).toMatchObject({
      points: 3,
      periodLimit: 24,
      needsReview: false,
      proposers: ['gridMember', 'gridLeader'],
    });
  });
});
