import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/http/app';
import { COLUMNS } from '../../server/src/modules/import/columns';
import { importRoster } from '../../server/src/modules/import/service';
import type { RosterRow } from '../../server/src/modules/import/roster';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { backend, testDb, type TestDb } from '../helpers/db';
import {
  counts,
  generateRoster,
  lastUpdated,
  makeVillage,
  multipart,
  toCsv,
  toXlsx,
  type FixtureVillage,
  cliIn,
} from '../helpers/import-fixture';

describe('roster import: problems', () => {
  let t: TestDb;
  let app: App;
  let v: FixtureVillage;
  let clean: RosterRow[];
  let planted: RosterRow[];
  /** [file row, code, column] for every planted problem. */
  const expected: [number, string, string][] = [];

  beforeAll(async () => {
    t = await testDb();
    app = await buildApp(t.ctx, { webDir: null });
    v = await makeVillage(t.ctx);
    clean = generateRoster({ households: 40, residents: 100, grids: v.grids.map((g) => g.code) });
    const first = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'clean.csv',
      data: toCsv(clean),
      dryRun: false,
    });
    expect(first.problems).toEqual([]);

    // The same roster with one planted problem per household; H0040 is left out so its head's ID can be reused.
    const rows = clean.filter((r) => r.householdNumber !== 'H0040').map((r) => ({ ...r }));
    const inHousehold = (n: number) =>
      rows.map((r, i) => ({ r, i })).filter(({ r }) => r.householdNumber === `H${String(n).padStart(4, '0')}`);
    const head = (n: number) => inHousehold(n)[0];
    const spouse = (n: number) => inHousehold(n)[1];
    const plant = (i: number, code: string, column: string) => expected.push([i + 2, code, column]);
    const id = (birth: string, seq: number) => makeIdNumber('110117', birth, seq);

    let x = head(1);
    x.r.idNumber = x.r.idNumber!.slice(0, 17) + (x.r.idNumber!.endsWith('0') ? '1' : '0');
    plant(x.i, 'ID_CHECK_DIGIT', '身份证号');
    x = head(2);
    x.r.idNumber = '11011719680315';
    plant(x.i, 'ID_FORMAT', '身份证号');
    x = head(3);
    x.r.idNumber = id('2030-01-01', 1);
    plant(x.i, 'ID_BIRTH_DATE', '身份证号');
    const d1 = spouse(4);
    const d2 = spouse(5);
    d2.r.idNumber = d1.r.idNumber;
    d2.r.gender = d1.r.gender;
    d2.r.birthDate = d1.r.birthDate;
    plant(d1.i, 'DUPLICATE_ID', '身份证号');
    plant(d2.i, 'DUPLICATE_ID', '身份证号');
    x = spouse(6);
    x.r.householdNumber = '';
    plant(x.i, 'MISSING_HOUSEHOLD_NUMBER', '户号');
    for (const y of inHousehold(7)) {
      y.r.grid = 'G99';
      plant(y.i, 'UNKNOWN_GRID', '网格');
    }
    x = head(8);
    x.r.phone = '1234';
    plant(x.i, 'PHONE_FORMAT', '联系电话');
    x = head(9);
    x.r.birthDate = '1900-01-01';
    plant(x.i, 'BIRTH_DATE_MISMATCH', '出生日期');
    x = spouse(10);
    x.r.gender = '男';
    plant(x.i, 'GENDER_MISMATCH', '性别');
    x = spouse(11);
    x.r.name = '';
    plant(x.i, 'MISSING_NAME', '姓名');
    x = spouse(12);
    x.r.idNumber = '';
    plant(x.i, 'MISSING_ID_NUMBER', '身份证号');
    for (const y of inHousehold(13)) {
      y.r.householdKind = '工厂';
      plant(y.i, 'UNKNOWN_VALUE', '户类型');
    }
    x = spouse(14);
    x.r.gender = '未知';
    plant(x.i, 'UNKNOWN_VALUE', '性别');
    x = spouse(15);
    x.r.relation = '邻居';
    plant(x.i, 'UNKNOWN_VALUE', '与户主关系');
    x = spouse(16);
    x.r.status = '失踪';
    plant(x.i, 'UNKNOWN_VALUE', '居住状态');
    x = spouse(17);
    x.r.address = '别处';
    plant(x.i, 'INCONSISTENT_HOUSEHOLD', '地址');
    x = spouse(18);
    x.r.birthDate = '去年';
    plant(x.i, 'DATE_FORMAT', '出生日期');
    x = head(19);
    x.r.relation = '配偶';
    plant(x.i, 'NO_HEAD', '与户主关系');
    x = spouse(20);
    x.r.relation = '户主';
    plant(head(20).i, 'TWO_HEADS', '与户主关系');
    plant(x.i, 'TWO_HEADS', '与户主关系');
    // New households: a stored ID under another name (DUPLICATE_ID against the village) and a new resident without a relation.
    const h40 = clean.find((r) => r.householdNumber === 'H0040' && r.relation === '户主')!;
    rows.push({
      householdNumber: 'N001',
      address: '新街1号',
      householdKind: '住户',
      name: '新人',
      idNumber: h40.idNumber,
      relation: '户主',
    });
    plant(rows.length - 1, 'DUPLICATE_ID', '身份证号');
    rows.push({
      householdNumber: 'N002',
      address: '新街2号',
      householdKind: '住户',
      name: '新户主',
      idNumber: id('1970-01-01', 901),
      relation: '户主',
    });
    rows.push({
      householdNumber: 'N002',
      address: '新街2号',
      householdKind: '住户',
      name: '无关系',
      idNumber: id('1971-01-01', 903),
      relation: '',
    });
    plant(rows.length - 1, 'MISSING_RELATION', '与户主关系');
    planted = rows;
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  const codes = [
    'ID_CHECK_DIGIT',
    'ID_FORMAT',
    'ID_BIRTH_DATE',
    'DUPLICATE_ID',
    'MISSING_HOUSEHOLD_NUMBER',
    'UNKNOWN_GRID',
    'PHONE_FORMAT',
    'NO_HEAD',
    'TWO_HEADS',
    'BIRTH_DATE_MISMATCH',
    'GENDER_MISMATCH',
    'MISSING_NAME',
    'UNKNOWN_VALUE',
    'INCONSISTENT_HOUSEHOLD',
  ];

  it('a dry run lists every planted problem of every class and writes nothing', async () => {
    for (const c of codes)
      expect(
        expected.some((e) => e[1] === c),
        c,
      ).toBe(true);
    const before = { ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) };
    t.clock.advance(1000);
    for (const [name, data] of [
      ['planted.xlsx', await toXlsx(planted)],
      ['planted.csv', toCsv(planted)],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/villages/${v.code}/import?dryRun=true`,
        ...multipart(name, data, v.auth),
      });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report.dryRun).toBe(true);
      for (const [row, code, column] of expected) {
        expect(
          report.problems.some(
            (p: { row: number; code: string; column: string }) =>
              p.row === row && p.code === code && p.column === column,
          ),
          `${name}: row ${row} ${code} ${column}`,
        ).toBe(true);
      }
      for (const p of report.problems) {
        expect(p.zh.length).toBeGreaterThan(0);
        expect(p.en.length).toBeGreaterThan(0);
      }
    }
    expect({ ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) }).toEqual(before);
  });

  it('a real import of the same file is refused whole: 400 IMPORT_INVALID with the problems, nothing written', async () => {
    const before = { ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) };
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import`,
      ...multipart('planted.xlsx', await toXlsx(planted), v.auth),
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err).toMatchObject({ code: 'IMPORT_INVALID', field: 'file' });
    expect(err.zh).toBeTruthy();
    expect(err.details.length).toBeGreaterThanOrEqual(expected.length);
    await expect(
      importRoster(t.ctx, await cliIn(t.ctx, v.code), { fileName: 'planted.csv', data: toCsv(planted), dryRun: false }),
    ).rejects.toMatchObject({ status: 400, code: 'IMPORT_INVALID' });
    expect({ ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) }).toEqual(before);
  });

  it('reports missing headers alone', async () => {
    const data = toCsv(
      clean,
      COLUMNS.filter((c) => c.key !== 'idNumber' && c.key !== 'householdNumber').map((c) => c.key),
    );
    const report = await importRoster(t.ctx, await cliIn(t.ctx, v.code), { fileName: 'x.csv', data, dryRun: true });
    expect(report.problems.map((p) => [p.row, p.code, p.column])).toEqual([
      [1, 'MISSING_HEADER', '户号'],
      [1, 'MISSING_HEADER', '身份证号'],
    ]);
  });

  it('rolls everything back when the database fails in the middle of the writes', async () => {
    const fresh = generateRoster({ households: 10, residents: 20, grids: ['G01'], prefix: 'F' }).map((r) => ({
      ...r,
      idNumber: makeIdNumber('110228', r.birthDate!, Number(r.idNumber!.slice(14, 17))),
    }));
    if (backend === 'sqlite') {
      await sql`create trigger boom before insert on coverage begin select raise(abort, 'boom'); end`.execute(t.ctx.db);
    } else {
      await sql`create function boom() returns trigger language plpgsql as $$ begin raise exception 'boom'; end $$`.execute(
        t.ctx.db,
      );
      await sql`create trigger boom before insert on coverage for each row execute function boom()`.execute(t.ctx.db);
    }
    const before = { ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) };
    await expect(
      importRoster(t.ctx, await cliIn(t.ctx, v.code), { fileName: 'fresh.csv', data: toCsv(fresh), dryRun: false }),
    ).rejects.toThrow(/boom/);
    expect({ ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) }).toEqual(before);
    if (backend === 'sqlite') await sql`drop trigger boom`.execute(t.ctx.db);
    else await sql`drop trigger boom on coverage`.execute(t.ctx.db);
    const ok = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'fresh.csv',
      data: toCsv(fresh),
      dryRun: false,
    });
    expect(ok.households.created).toBe(10);
  });
});
