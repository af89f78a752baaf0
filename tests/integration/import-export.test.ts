import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/http/app';
import { parseFile } from '../../server/src/modules/import/parse';
import { exportRoster, importRoster } from '../../server/src/modules/import/service';
import { testDb, type TestDb } from '../helpers/db';
import {
  counts,
  generateRoster,
  lastUpdated,
  makeVillage,
  multipart,
  toCsv,
  type FixtureVillage,
  cliIn,
} from '../helpers/import-fixture';

async function readXlsx(data: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  const out: string[][] = [];
  wb.worksheets[0].eachRow((row) =>
    out.push(Array.from((row.values as unknown[]).slice(1), (v) => (v == null ? '' : String(v)))),
  );
  return out;
}

describe('templates and exports', () => {
  let t: TestDb;
  let app: App;
  let v: FixtureVillage;

  beforeAll(async () => {
    t = await testDb();
    app = await buildApp(t.ctx, { webDir: null });
    v = await makeVillage(t.ctx);
    const rows = generateRoster({ households: 60, residents: 150, grids: v.grids.slice(0, 6).map((g) => g.code) });
    // A shop without residents, with a unit name and tags of its own.
    rows.push({
      householdNumber: 'S001',
      address: '村口',
      householdKind: '商户',
      grid: 'G07',
      unitName: '大华山小卖部',
      householdTags: '便民、食品',
    });
    const report = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'seed.csv',
      data: toCsv(rows),
      dryRun: false,
    });
    expect(report.problems).toEqual([]);
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  for (const format of ['xlsx', 'csv'] as const) {
    it(`serves the ${format} template, which parses back and imports`, async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/import/template.${format}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain(format === 'xlsx' ? 'spreadsheetml' : 'text/csv');
      expect(res.headers['content-disposition']).toContain(`.${format}`);
      const sheet = await parseFile(`template.${format}`, res.rawPayload);
      expect(sheet.problems).toEqual([]);
      expect(sheet.rows).toHaveLength(2);
      const dry = await app.inject({
        method: 'POST',
        url: `/api/v1/villages/${v.code}/import?dryRun=1`,
        ...multipart(`template.${format}`, res.rawPayload, v.auth),
      });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ problems: [], households: { created: 1 }, residents: { created: 2 } });
    });
  }

  it('exports the roster masked by default', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/villages/${v.code}/export/roster.xlsx`,
      headers: v.auth,
    });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0].slice(0, 12)).toEqual([
      '户号',
      '地址',
      '户类型',
      '网格',
      '姓名',
      '性别',
      '身份证号',
      '出生日期',
      '与户主关系',
      '联系电话',
      '居住状态',
      '标签',
    ]);
    const head = rows.find((r) => r[0] === 'H0001')!;
    expect(head[6]).toMatch(/^110117\*{8}\d{3}[\dX]$/);
    expect(head[9]).toMatch(/^139\*{4}\d{4}$/);
    const shop = rows.find((r) => r[0] === 'S001')!;
    expect(shop).toEqual(['S001', '村口', '商户', 'G07', '', '', '', '', '', '', '', '', '大华山小卖部', '便民、食品']);
    // A masked export is for reading: importing it is refused with a clear reason.
    const dry = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'masked.xlsx',
      data: res.rawPayload,
      dryRun: true,
    });
    expect(dry.problems.length).toBeGreaterThan(0);
    expect(dry.problems.find((p) => p.code === 'ID_FORMAT')!.en).toMatch(/masked/);
  });

  it('a revealed export re-imports as a no-op', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/villages/${v.code}/export/roster.xlsx?reveal=1`,
      headers: v.auth,
    });
    expect(res.statusCode).toBe(200);
    const before = { ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) };
    t.clock.advance(60_000);
    const report = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'export.xlsx',
      data: res.rawPayload,
      dryRun: false,
    });
    expect(report).toMatchObject({
      problems: [],
      warnings: [],
      households: { created: 0, updated: 0, unchanged: 61 },
      residents: { created: 0, updated: 0, unchanged: 150 },
      assignments: { created: 0, changed: 0 },
    });
    expect({ ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) }).toEqual({
      ...before,
      imports: before.imports + 1,
    });
    const same = await exportRoster(t.ctx, await cliIn(t.ctx, v.code), { reveal: true });
    expect(await readXlsx(same)).toEqual(await readXlsx(res.rawPayload));
  });

  it('exports the grid assignments of the active structure', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/villages/${v.code}/export/assignments.xlsx`,
      headers: v.auth,
    });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['网格编号', '网格名称', '片', '区', '网格员', '户号', '地址', '户类型', '人数']);
    expect(rows).toHaveLength(1 + 61);
    expect(rows[1]).toEqual(['G01', '第1网格', '第1片', '东区', '网格员G01', 'H0001', expect.any(String), '住户', '3']);
    expect(rows.find((r) => r[5] === 'S001')).toEqual([
      'G07',
      '第7网格',
      '第1片',
      '东区',
      '网格员G07',
      'S001',
      '村口',
      '商户',
      '0',
    ]);
  });

  it('answers unknown villages with 404 and a missing file with 400, in the one error shape', async () => {
    for (const url of ['/api/v1/villages/NOPE/export/roster.xlsx', '/api/v1/villages/NOPE/export/assignments.xlsx']) {
      const res = await app.inject({ method: 'GET', url, headers: v.auth });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', field: 'village' });
    }
    const imp = await app.inject({
      method: 'POST',
      url: '/api/v1/villages/NOPE/import?dryRun=true',
      ...multipart('a.csv', toCsv([]), v.auth),
    });
    expect(imp.statusCode).toBe(404);
    const none = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import`,
      payload: { x: 1 },
      headers: v.auth,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('NO_FILE');
  });

  it('needs a signed-in chief of that village for imports and exports, not for templates', async () => {
    const anon = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import?dryRun=true`,
      ...multipart('a.csv', toCsv([])),
    });
    expect(anon.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/v1/villages/${v.code}/export/roster.xlsx` })).statusCode).toBe(
      401,
    );
    const other = await makeVillage(t.ctx, { code: 'OTHER' });
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/villages/${v.code}/export/roster.xlsx`,
      headers: other.auth,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OTHER_VILLAGE');
  });

  it('lists the routes in the OpenAPI document under the import tag', async () => {
    const paths = Object.keys((await app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/villages/{village}/import',
        '/api/v1/import/template.xlsx',
        '/api/v1/import/template.csv',
        '/api/v1/villages/{village}/export/roster.xlsx',
        '/api/v1/villages/{village}/export/assignments.xlsx',
      ]),
    );
  });
});
