import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo, type DemoLoaded } from '../../server/src/modules/demo/load';
import { exportAssignments, exportRoster, importRoster } from '../../server/src/modules/import/service';
import { testDb, type TestDb } from '../helpers/db';
import { cliIn, counts, lastUpdated } from '../helpers/import-fixture';

describe('the demo village round-trips through the spreadsheet', () => {
  let t: TestDb;
  let demo: DemoLoaded;
  beforeAll(async () => {
    t = await testDb();
    demo = await loadDemo(t.ctx);
  });
  afterAll(async () => t.dispose());

  it('a revealed roster export re-imports with no problem and no write', async () => {
    const data = await exportRoster(t.ctx, await cliIn(t.ctx, demo.code), { reveal: true });
    const before = { ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) };
    t.clock.advance(3_600_000);
    const report = await importRoster(t.ctx, await cliIn(t.ctx, demo.code), {
      fileName: 'demo.xlsx',
      data,
      dryRun: false,
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      households: { created: 0, updated: 0, unchanged: demo.households + demo.units },
      residents: { created: 0, updated: 0, unchanged: demo.residents, moved: 0 },
      assignments: { created: 0, changed: 0 },
    });
    expect({ ...(await counts(t.ctx)), updated: await lastUpdated(t.ctx) }).toEqual({
      ...before,
      imports: before.imports + 1,
    });
  });

  it('the assignments export lists every household and unit of the active structure', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportAssignments(t.ctx, await cliIn(t.ctx, demo.code))) as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(1 + demo.households + demo.units);
    const first = ws.getRow(2).values as unknown[];
    expect(String(first[1])).toMatch(/\S/); // a grid code
    expect(String(first[5])).toMatch(/\S/); // its grid member(s)
  });
});
