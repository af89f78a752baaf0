/**
 * Holes found by outside probing (issue #12) in how input is taken and kept, each shown closed:
 * no full ID or phone number in the audit log or its export (however typed, nested or sent), deep
 * JSON and NUL characters answered 400 in the one error shape, names cleaned of invisible and
 * bidi characters everywhere (and personal names without emoji), Excel date serials read as dates.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/http/app';
import { newId } from '../../server/src/lib/ids';
import { COLUMNS } from '../../server/src/modules/import/columns';
import { rowValues, type RosterRow } from '../../server/src/modules/import/roster';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';
import { testDb, type TestDb } from '../helpers/db';
import { headersOf } from '../helpers/evidence';
import { makeVillage, multipart, toCsv, type FixtureVillage } from '../helpers/import-fixture';

const V = '/api/v1/villages/dahuashan';
const P = `${V}/points`;
/** A full ID number or mobile number, however it sits in the text. */
const FULL_ID = /(?<!\d)\d{17}[\dXx](?!\d)/;
const FULL_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

const expectErrorShape = (body: any, code: string, field?: string) => {
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ code, zh: expect.any(String), en: expect.any(String) });
  if (field) expect(body.error.field).toBe(field);
};

describe('issue #12 holes in input (demo village)', () => {
  let t: DemoApp;
  let villager: Call;
  let member: Call;
  const id = makeIdNumber('110105', '1949-12-31', 2);
  const phone = '13812345678';

  const auditRows = () => t.ctx.db.selectFrom('auditLog').selectAll().execute();
  const leaks = (
    rows: { before: string | null; after: string | null; path: string | null; targetId: string | null }[],
  ) =>
    rows.flatMap((r) =>
      [r.before, r.after, r.path, r.targetId].filter(
        (x): x is string => !!x && (FULL_ID.test(x) || FULL_MOBILE.test(x)),
      ),
    );

  beforeAll(async () => {
    t = await demoApp();
    villager = await t.as('villager');
    member = await t.as('gridMember');
  });
  afterAll(async () => t.close());

  describe('the audit log keeps no full ID or phone number', () => {
    it('refused writes, however the numbers were typed, and refused reads by URL', async () => {
      const household = (await t.call('GET', `${V}/households?pageSize=1&kind=household`)).body.items[0];
      const typed = [
        id,
        `ID${id}`,
        `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
        `${id.slice(0, 6)}-${id.slice(6, 14)}-${id.slice(14)}`,
        id.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)),
      ];
      for (const idNumber of typed) {
        const r = await villager('POST', `${V}/residents`, {
          householdId: household.id,
          name: '张三',
          idNumber,
          phone: `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
          relation: 'other',
          status: 'resident',
          note: { a: { b: { c: { d: { e: { f: { g: { h: id } } } } } } } },
          mobile: Number(phone),
        });
        expect(r.status).toBe(403);
      }
      expect((await villager('GET', `${V}/people?q=${id}&phone=${phone}`)).status).toBe(403);
      const denied = (await auditRows()).filter((r) => r.status === 403);
      expect(denied.length).toBeGreaterThanOrEqual(typed.length + 1);
      expect(denied.some((r) => r.after?.includes('110105********0022') || r.after?.includes('********'))).toBe(true);
      expect(leaks(denied)).toEqual([]);
    });

    it('the dry-run import report, real writes and reveals', async () => {
      const number = 'H9001';
      const rows: RosterRow[] = [
        {
          householdNumber: number,
          address: '新村1号',
          householdKind: '住户',
          name: '李四',
          idNumber: makeIdNumber('110117', '1980-01-02', 11),
          relation: '户主',
          phone: '13900001111',
          status: '常住',
        },
        { householdNumber: 'H9002', address: '新村2号', name: '王五', idNumber: `${id.slice(0, 17)}0` },
      ];
      const res = await t.app.inject({
        method: 'POST',
        url: `${V}/import?dryRun=true`,
        ...multipart(`花名册-${id}.csv`, toCsv(rows), headersOf(t.call)),
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().problems.length).toBeGreaterThan(0); // the report itself names the cells, for the chief
      const household = (await t.call('GET', `${V}/households?pageSize=1&kind=household`)).body.items[0];
      const created = await t.call('POST', `${V}/residents`, {
        householdId: household.id,
        name: '赵六',
        idNumber: makeIdNumber('110117', '1990-03-04', 21),
        phone: '13700002222',
        relation: 'other',
        status: 'resident',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await t.call('POST', `${V}/residents/${created.body.id}/reveal`)).status).toBe(200);
      expect(leaks(await auditRows())).toEqual([]);
    });

    it('reading and exporting the log shows masked numbers, also of rows written before masking', async () => {
      // A row as an older version wrote it (the log is append-only: it cannot be rewritten).
      await t.ctx.db
        .insertInto('auditLog')
        .values({
          id: newId(),
          villageId: t.demo.villageId,
          at: t.clock.now(),
          accountId: null,
          actorName: 'old',
          ip: null,
          action: 'resident.create',
          method: 'POST',
          path: `/api/v1/villages/dahuashan/residents?q=${id}`,
          status: 201,
          targetType: 'resident',
          targetId: null,
          before: null,
          after: JSON.stringify({ idNumber: id, phone }),
        })
        .execute();
      const page = (await t.call('GET', `${V}/audit?pageSize=500`)).body;
      expect(page.items.length).toBeGreaterThan(0);
      expect(leaks(page.items)).toEqual([]);
      const xlsx = await t.app.inject({ method: 'GET', url: `${V}/audit/export.xlsx`, headers: headersOf(t.call) });
      expect(xlsx.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.rawPayload as never);
      const cells: string[] = [];
      wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? ''))));
      expect(cells.some((c) => c.includes('110105********'))).toBe(true);
      expect(cells.filter((c) => FULL_ID.test(c) || FULL_MOBILE.test(c))).toEqual([]);
    });
  });

  describe('bad bodies and URLs answer 400 in the one error shape', () => {
    const deep = (n: number) => `{"reason":${'['.repeat(n)}${']'.repeat(n)}}`;
    const send = (c: Call | null, method: string, url: string, payload: string) =>
      t.app.inject({
        method: method as 'POST',
        url,
        payload,
        headers: { ...(c ? headersOf(c) : {}), 'content-type': 'application/json' },
      });

    it('JSON nested 5,000 deep, to a refused route, an allowed one and the sign-in', async () => {
      const audits = (await auditRows()).length;
      for (const [c, url] of [
        [villager, `${V}/residents`],
        [member, `${P}/entries`],
        [null, '/api/v1/auth/sign-in'],
      ] as const) {
        const r = await send(c, 'POST', url, deep(5000));
        expect(r.statusCode, url).toBe(400);
        expectErrorShape(r.json(), 'BODY_TOO_DEEP', 'body');
      }
      expect((await auditRows()).length).toBe(audits);
      // Nested less deep, a refused request is audited without failing (its body cut at a fixed depth).
      const r = await send(villager, 'POST', `${V}/residents`, deep(30));
      expect(r.statusCode).toBe(403);
      expectErrorShape(r.json(), 'FORBIDDEN');
      expect((await auditRows()).length).toBe(audits + 1);
    });

    it('a NUL character in a body or the URL', async () => {
      const body = JSON.stringify({
        ruleCode: 'H02',
        target: { kind: 'household', householdId: 'x' },
        reason: 'a\u0000b',
      });
      const r = await send(member, 'POST', `${P}/entries`, body);
      expect(r.statusCode).toBe(400);
      expectErrorShape(r.json(), 'BAD_CHARACTER', 'body');
      for (const url of [`${V}/residents?q=%00`, `${V}/households/%00`, `${P}/accounts?personId=a%00b`]) {
        const g = await member('GET', url);
        expect(g.status, url).toBe(400);
        expectErrorShape(g.body, 'BAD_CHARACTER', 'url');
      }
    });
  });

  describe('names: invisible and bidi characters removed, empty refused, no emoji in personal names', () => {
    const zeroWidth = '\u200b\u200c\u200d\u2060\ufeff';
    const bidi = '\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    let household: any;
    beforeAll(async () => {
      household = (await t.call('GET', `${V}/households?pageSize=1&kind=household`)).body.items[0];
    });
    const resident = (name: string, seq: number) =>
      t.call('POST', `${V}/residents`, {
        householdId: household.id,
        name,
        idNumber: makeIdNumber('110117', '2001-02-03', seq),
        relation: 'other',
        status: 'resident',
      });

    it('residents', async () => {
      for (const name of [zeroWidth, bidi, ` ${zeroWidth} \u3000`]) {
        const r = await resident(name, 31);
        expect(r.status).toBe(400);
        expectErrorShape(r.body, 'NAME_EMPTY', 'name');
      }
      for (const name of ['张三😀', '🇨🇳', '李☎', '王1️⃣']) {
        const r = await resident(name, 33);
        expect(r.status, name).toBe(400);
        expectErrorShape(r.body, 'NAME_PICTOGRAPH', 'name');
        expect(r.body.error.zh).toContain('表情');
      }
      const ok = await resident(`\u202e张${zeroWidth}小${bidi}明\u2066`, 35);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      expect(ok.body.name).toBe('张小明');
      const stored = await t.ctx.db
        .selectFrom('residents')
        .select('name')
        .where('id', '=', ok.body.id)
        .executeTakeFirstOrThrow();
      expect(stored.name).toBe('张小明');
    });

    it('households, rules, goods, grids, tokens', async () => {
      const unit = await t.call('PUT', `${V}/households/${household.id}`, {
        number: household.number,
        kind: household.kind,
        address: household.address,
        name: zeroWidth,
      });
      expect(unit.status, JSON.stringify(unit.body)).toBe(200);
      expect(unit.body.name ?? null).toBeNull();
      const rule = await t.call('POST', `${P}/rules`, {
        code: 'ZW1',
        accountKind: 'household',
        entryKind: 'positive',
        name: zeroWidth + bidi,
        points: 1,
        proposers: ['gridMember'],
      });
      expect(rule.status).toBe(400);
      expectErrorShape(rule.body, 'NAME_EMPTY', 'name');
      const goods = await t.call('POST', `${P}/shop/items`, { name: `\u202e苹果${zeroWidth}`, price: 5, stock: 1 });
      expect(goods.status).toBe(201);
      expect(goods.body.name).toBe('苹果');
      expect((await t.call('POST', `${P}/shop/items`, { name: bidi, price: 5, stock: 1 })).body.error.code).toBe(
        'NAME_EMPTY',
      );
      const tiers = await t.call('PUT', `${P}/settings`, { tiers: [{ min: 10, zh: zeroWidth, en: 'x' }] });
      expect(tiers.body.error).toMatchObject({ code: 'NAME_EMPTY', field: 'tiers.0.zh' });
      const reason = await member('POST', `${P}/entries`, {
        ruleCode: 'H02',
        target: { kind: 'household', householdId: household.id },
        reason: zeroWidth,
      });
      expect(reason.body.error).toMatchObject({ code: 'TEXT_EMPTY', field: 'reason' });
      const structures = (await t.call('GET', `${V}/structures`)).body.items;
      const draft = await t.call('POST', `${V}/structures`, { name: bidi });
      expect(draft.status).toBe(400);
      expectErrorShape(draft.body, 'NAME_EMPTY', 'name');
      expect((await t.call('GET', `${V}/structures`)).body.items.length).toBe(structures.length);
      const token = await t.call('POST', '/api/v1/auth/tokens', { name: zeroWidth, policies: ['village.read'] });
      expect(token.body.error).toMatchObject({ code: 'NAME_EMPTY', field: 'name' });
      // The schemas still describe themselves.
      expect((await t.anonymous('GET', '/api/openapi.json')).status).toBe(200);
    });
  });
});

describe('issue #12 holes in the spreadsheet import', () => {
  let t: TestDb;
  let app: App;
  let v: FixtureVillage;
  beforeAll(async () => {
    t = await testDb();
    app = await buildApp(t.ctx, { webDir: null });
    v = await makeVillage(t.ctx);
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  const dryRun = async (fileName: string, data: Buffer) => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import?dryRun=true`,
      ...multipart(fileName, data, v.auth),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { problems: { row: number; code: string; column: string; value?: string }[] };
  };
  const person = (n: number, birth: string, extra: RosterRow = {}): RosterRow => ({
    householdNumber: `S${n}`,
    address: `新村${n}号`,
    householdKind: '住户',
    grid: v.grids[0].code,
    name: `张${'一二三四五六七八九'[n]}`,
    idNumber: makeIdNumber('110117', birth, 11),
    relation: '户主',
    status: '常住',
    ...extra,
  });

  it('an Excel date serial in the birth-date column is the date it is (a number cell or its text)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('花名册');
    ws.addRow(COLUMNS.map((c) => c.zh));
    const birthAt = COLUMNS.findIndex((c) => c.key === 'birthDate');
    const add = (r: RosterRow, birth: string | number) => {
      const values: (string | number)[] = rowValues(r);
      values[birthAt] = birth;
      ws.addRow(values);
    };
    add(person(1, '1986-09-17'), 31672); // a number cell, general format
    add(person(2, '1986-09-17'), '31672'); // the same serial as text
    add(person(3, '1900-03-01'), 61); // the first day after Excel's phantom 1900-02-29
    add(person(4, '1986-09-17'), 19860917); // a date typed as digits, kept as a number
    add(person(5, '1986-09-18'), 31672); // a serial that is another day than the ID number's
    add(person(6, '1986-09-17'), 60); // 1900-02-29: no such day
    add(person(7, '1986-09-17'), 9_999_999); // far outside any birth date
    const report = await dryRun('serials.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const birthProblems = report.problems.filter((p) => p.column === '出生日期');
    expect(birthProblems.map((p) => [p.row, p.code])).toEqual([
      [6, 'BIRTH_DATE_MISMATCH'],
      [7, 'DATE_FORMAT'],
      [8, 'DATE_FORMAT'],
    ]);
    expect(birthProblems[0].value).toBe('1986-09-17');
  });

  it('names are cleaned, an invisible name is missing, an emoji name refused, overlong text too', async () => {
    const rows = [
      person(1, '1980-01-01', { name: '\u202e王\u200b小\u2066红\u2069' }),
      person(2, '1980-01-02', { name: '\u200b\u200d\ufeff' }),
      person(3, '1980-01-03', { name: '王小红🌹' }),
      person(4, '1980-01-04', { address: '长'.repeat(201) }),
    ];
    const report = await dryRun('names.csv', toCsv(rows));
    expect(report.problems.map((p) => [p.row, p.code])).toEqual([
      [3, 'MISSING_NAME'],
      [4, 'NAME_PICTOGRAPH'],
      [5, 'TOO_LONG'],
    ]);
    const real = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import`,
      ...multipart('../../etc/名单\u0000.csv', toCsv(rows.slice(0, 1)), v.auth),
    });
    expect(real.statusCode, real.body).toBe(200);
    expect(real.json().fileName).toBe('名单.csv');
    const stored = await t.ctx.db.selectFrom('residents').select('name').execute();
    expect(stored.map((r) => r.name)).toEqual(['王小红']);
  });
});
