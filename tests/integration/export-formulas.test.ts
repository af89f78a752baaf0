/**
 * No export hands a spreadsheet a formula (issue #12): text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is written so that Excel, LibreOffice and Google Sheets show it as text.
 * Every file is read back: xlsx cells are string cells (never formulas) with the text format `@`,
 * CSV fields carry a leading `'`, and the import reads both back as the text that was exported.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { inertCsvField, looksLikeFormula } from '../../server/src/lib/spreadsheet-text';
import { decodeText, parseCsv, writeCsv } from '../../server/src/modules/import/csv';
import { writeXlsx } from '../../server/src/modules/import/xlsx';
import { demoApp, type DemoApp } from '../helpers/demo-app';
import { headersOf } from '../helpers/evidence';

const V = '/api/v1/villages/dahuashan';
const FORMULAS = [
  '=1+1',
  '=HYPERLINK("http://x.example","点击")',
  '+86 139',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
];

async function cellsOf(data: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as never);
  const cells: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void cells.push(c))));
  return cells;
}

/** Every cell holding one of the texts: a string cell, not a formula, formatted as text. */
function expectInert(cells: ExcelJS.Cell[], texts: string[]) {
  expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula || c.formula)).toBe(false);
  for (const text of texts) {
    // XML keeps no bare carriage return: it is read back as a line feed.
    const found = cells.filter((c) => c.value === text || c.value === text.replaceAll('\r', '\n'));
    expect(found.length, JSON.stringify(text)).toBeGreaterThan(0);
    for (const c of found) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.numFmt).toBe('@');
    }
  }
}

describe('formula-looking text in exports', () => {
  it('knows what a spreadsheet runs', () => {
    for (const f of FORMULAS) expect(looksLikeFormula(f), JSON.stringify(f)).toBe(true);
    for (const s of ['张三', '1+1', ' =1', "'=1", '', 'a=b', '13912345678']) expect(looksLikeFormula(s), s).toBe(false);
    expect(inertCsvField('=1+1')).toBe("'=1+1");
    expect(inertCsvField('张三')).toBe('张三');
  });

  it('writes CSV fields with a leading apostrophe, read back by the import as they were', () => {
    const data = writeCsv([['姓名', '地址'], ...FORMULAS.map((f) => [f, '东街1号'])]);
    const text = decodeText(data);
    for (const line of text.split('\r\n').slice(1, -1)) expect(line).toMatch(/^"?'[=+\-@\t\r]/);
    expect(parseCsv(text).slice(1)).toEqual(FORMULAS.map((f) => [f, '东街1号']));
  });

  it('writes xlsx text as string cells in the text format, never formulas; numbers stay numbers', async () => {
    const data = await writeXlsx([
      {
        name: 'S',
        columns: [
          { header: 'a', width: 10 },
          { header: 'n', width: 6 },
        ],
        rows: FORMULAS.map((f) => [f, -5]),
      },
    ]);
    const cells = await cellsOf(data);
    expectInert(cells, FORMULAS);
    const numbers = cells.filter((c) => c.value === -5);
    expect(numbers).toHaveLength(FORMULAS.length);
    for (const c of numbers) expect(c.type).toBe(ExcelJS.ValueType.Number);
  });

  describe('the exports of a village', () => {
    let t: DemoApp;
    beforeAll(async () => {
      t = await demoApp();
    });
    afterAll(async () => t.close());

    const download = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url, headers: headersOf(t.call) });
      expect(res.statusCode, url).toBe(200);
      return res.rawPayload;
    };

    it('roster and assignments', async () => {
      const address = '=HYPERLINK("http://x.example","点击")';
      const res = await t.call('POST', `${V}/households`, { number: 'F-1', kind: 'shop', name: '@SUM(1)', address });
      expect(res.status).toBe(201);
      expectInert(await cellsOf(await download(`${V}/export/assignments.xlsx`)), [address]);
      expectInert(await cellsOf(await download(`${V}/export/roster.xlsx`)), []); // no formula anywhere
    });

    it('the audit log', async () => {
      const village = await t.ctx.db
        .selectFrom('villages')
        .select('id')
        .where('code', '=', 'dahuashan')
        .executeTakeFirstOrThrow();
      await t.ctx.db
        .insertInto('auditLog')
        .values({
          id: newId(),
          villageId: village.id,
          at: t.clock.now(),
          accountId: null,
          actorName: "=cmd|' /C calc'!A0",
          ip: '@127.0.0.1',
          action: '-import',
          method: null,
          path: null,
          status: null,
          targetType: null,
          targetId: '+1',
          before: null,
          after: '\t=1+1',
        })
        .execute();
      expectInert(await cellsOf(await download(`${V}/audit/export.xlsx`)), [
        "=cmd|' /C calc'!A0",
        '@127.0.0.1',
        '-import',
        '+1',
        '\t=1+1',
      ]);
    });

    it('the settlement', async () => {
      const village = await t.ctx.db
        .selectFrom('villages')
        .select('id')
        .where('code', '=', 'dahuashan')
        .executeTakeFirstOrThrow();
      const period = await t.ctx.db
        .selectFrom('pointsPeriods')
        .select('id')
        .where('villageId', '=', village.id)
        .executeTakeFirstOrThrow();
      await t.ctx.db
        .insertInto('pointsSettlements')
        .values({
          id: newId(),
          villageId: village.id,
          periodId: period.id,
          nextPeriodId: period.id,
          runBy: null,
          runAt: t.clock.now(),
          payoutTotal: 0,
          results: JSON.stringify({
            members: [{ accountId: 'a', personId: 'p', name: '=1+1', balance: -5, payout: 0, rank: 1 }],
            households: [
              {
                accountId: 'b',
                householdId: 'h',
                number: '@A1',
                balance: 3,
                tier: { min: 1, zh: '+一等', en: 'first' },
              },
            ],
          }),
        })
        .execute();
      const label = (
        await t.ctx.db.selectFrom('pointsPeriods').select('label').where('id', '=', period.id).executeTakeFirstOrThrow()
      ).label;
      expectInert(await cellsOf(await download(`${V}/points/settlements/${label}/export.xlsx`)), [
        '=1+1',
        '@A1',
        '+一等 / first',
      ]);
    });
  });
});
