import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/http/app';
import { importRoster, importSheet } from '../../server/src/modules/import/service';
import { parseFile } from '../../server/src/modules/import/parse';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { testDb, type TestDb } from '../helpers/db';
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

describe('roster import: 2,676 residents in 1,304 households', () => {
  let t: TestDb;
  let app: App;
  let v: FixtureVillage;
  let rows: ReturnType<typeof generateRoster>;
  let xlsx: Buffer;

  beforeAll(async () => {
    t = await testDb();
    app = await buildApp(t.ctx, { webDir: null });
    v = await makeVillage(t.ctx);
    rows = generateRoster({ grids: v.grids.map((g) => g.code) });
    xlsx = await toXlsx(rows);
  });
  afterAll(async () => {
    await app.close();
    await t.dispose();
  });

  it('imports a clean xlsx through the HTTP route', async () => {
    expect(rows).toHaveLength(2676);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import?dryRun=false`,
      ...multipart('roster.xlsx', xlsx, v.auth),
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      dryRun: false,
      fileName: 'roster.xlsx',
      rows: 2676,
      households: { created: 1304, updated: 0, unchanged: 0 },
      residents: { created: 2676, updated: 0, unchanged: 0, moved: 0 },
      assignments: { created: 1304, changed: 0 },
      problems: [],
    });
    expect(report.importId).toBeTruthy();
    expect(await counts(t.ctx)).toEqual({
      households: 1304,
      residents: 2676,
      assignments: 1304,
      coverage: 1304,
      imports: 1,
    });
    const imp = await t.ctx.db.selectFrom('imports').selectAll().executeTakeFirstOrThrow();
    expect(imp).toMatchObject({ fileName: 'roster.xlsx', rows: 2676, householdsCreated: 1304, residentsCreated: 2676 });
    expect(imp.fileHash).toMatch(/^[0-9a-f]{64}$/);
    const head = await t.ctx.db
      .selectFrom('residents')
      .selectAll()
      .where('idNumber', '=', rows[0].idNumber!)
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({
      name: rows[0].name,
      relation: 'head',
      gender: 'M',
      birthDate: rows[0].birthDate,
      phone: rows[0].phone,
      status: 'away',
      tags: '["独居老人"]',
    });
  });

  it('re-importing the same file (xlsx over HTTP, csv through the service) changes nothing', async () => {
    const before = await lastUpdated(t.ctx);
    t.clock.advance(60_000);
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/villages/${v.code}/import`,
      ...multipart('roster.xlsx', xlsx, v.auth),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      households: { created: 0, updated: 0, unchanged: 1304 },
      residents: { created: 0, updated: 0, unchanged: 2676, moved: 0 },
      assignments: { created: 0, changed: 0 },
    });
    const csv = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'roster.csv',
      data: toCsv(rows),
      dryRun: false,
    });
    expect(csv).toMatchObject({
      households: { created: 0, updated: 0 },
      residents: { created: 0, updated: 0 },
      assignments: { created: 0, changed: 0 },
    });
    expect(await lastUpdated(t.ctx)).toEqual(before);
    expect(await counts(t.ctx)).toEqual({
      households: 1304,
      residents: 2676,
      assignments: 1304,
      coverage: 1304,
      imports: 3,
    });
  });

  it('imports csv through the service into another village, and xlsx and csv give the same rows', async () => {
    const w = await makeVillage(t.ctx, { code: 'TEST02' });
    const csvRows = generateRoster({ households: 300, residents: 620, grids: w.grids.map((g) => g.code) });
    const fromCsv = await parseFile('r.csv', toCsv(csvRows));
    const fromXlsx = await parseFile('r.xlsx', await toXlsx(csvRows));
    expect(fromCsv.rows).toEqual(fromXlsx.rows);
    const report = await importRoster(t.ctx, await cliIn(t.ctx, 'TEST02'), {
      fileName: 'r.csv',
      data: toCsv(csvRows),
      dryRun: false,
    });
    expect(report).toMatchObject({ households: { created: 300 }, residents: { created: 620 }, problems: [] });
    // Already-parsed rows (the benchmark path) are a no-op now.
    const again = await importSheet(t.ctx, await cliIn(t.ctx, 'TEST02'), fromXlsx);
    expect(again).toMatchObject({
      households: { created: 0, updated: 0 },
      residents: { created: 0, updated: 0, unchanged: 620 },
    });
  });

  it('writes only what changed: a phone, a move to another household, a new grid', async () => {
    const before = await lastUpdated(t.ctx);
    t.clock.advance(60_000);
    const now = t.clock.now();
    const changed = rows.map((r) => ({ ...r }));
    changed[0].phone = '13700000000'; // H0001 head
    const child = changed.findIndex((r) => r.relation === '子女');
    const movedId = changed[child].idNumber!;
    const target = changed.find((r) => r.householdNumber === 'H1304')!;
    changed[child] = { ...changed[child], householdNumber: 'H1304', address: target.address, grid: target.grid };
    for (const r of changed) if (r.householdNumber === 'H0002') r.grid = 'G08';
    const oldGrid = rows.find((r) => r.householdNumber === 'H0002')!.grid;
    expect(oldGrid).not.toBe('G08');

    const report = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'changed.xlsx',
      data: await toXlsx(changed),
      dryRun: false,
    });
    expect(report).toMatchObject({
      households: { created: 0, updated: 1, unchanged: 1303 },
      residents: { created: 0, updated: 2, unchanged: 2674, moved: 1 },
      assignments: { created: 0, changed: 1 },
    });
    const after = await lastUpdated(t.ctx);
    const changedResidents = after.residents.filter((r, i) => r.updatedAt !== before.residents[i].updatedAt);
    expect(changedResidents).toHaveLength(2);
    expect(after.households.filter((h, i) => h.updatedAt !== before.households[i].updatedAt)).toEqual([]);
    const moved = await t.ctx.db
      .selectFrom('residents')
      .innerJoin('households', 'households.id', 'residents.householdId')
      .select(['households.number', 'residents.updatedAt'])
      .where('residents.idNumber', '=', movedId)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ number: 'H1304', updatedAt: now });

    const h2 = await t.ctx.db
      .selectFrom('households')
      .select('id')
      .where('villageId', '=', v.villageId)
      .where('number', '=', 'H0002')
      .executeTakeFirstOrThrow();
    const g08 = v.grids.find((g) => g.code === 'G08')!.id;
    const assignment = await t.ctx.db
      .selectFrom('assignments')
      .selectAll()
      .where('householdId', '=', h2.id)
      .executeTakeFirstOrThrow();
    expect(assignment.nodeId).toBe(g08);
    const history = await t.ctx.db
      .selectFrom('coverage')
      .selectAll()
      .where('householdId', '=', h2.id)
      .orderBy('validFrom')
      .execute();
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ nodeId: v.grids.find((g) => g.code === oldGrid)!.id, validTo: now });
    expect(history[1]).toMatchObject({ nodeId: g08, validFrom: now, validTo: null });
  });

  it('new households without a grid are warned about row by row, counted, and shown on the overview', async () => {
    const overview = async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/villages/${v.code}`, headers: v.auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().activeStructure.withoutGrid as number;
    };
    expect(await overview()).toBe(0);
    // New people (ID numbers of another county), in three new households with no grid column.
    const extra = generateRoster({ households: 3, residents: 6, prefix: 'X' }).map((r) => ({
      ...r,
      idNumber: makeIdNumber('110228', r.birthDate!, 100 + (Number(r.idNumber!.slice(14, 17)) % 800)),
    }));
    expect(extra.every((r) => r.grid === undefined)).toBe(true);
    const dry = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'new.xlsx',
      data: await toXlsx(extra),
      dryRun: true,
    });
    expect(dry.problems).toEqual([]);
    expect(dry.withoutGrid).toBe(3);
    expect(dry.warnings.filter((w) => w.code === 'NO_GRID').map((w) => w.value)).toEqual(['X0001', 'X0002', 'X0003']);
    expect(dry.warnings.find((w) => w.code === 'NO_GRID')!.zh).toContain('不在当前网格结构的任何网格中');
    const real = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'new.xlsx',
      data: await toXlsx(extra),
      dryRun: false,
    });
    expect(real).toMatchObject({ withoutGrid: 3, households: { created: 3 } });
    expect(await overview()).toBe(3);
    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/villages/${v.code}/households?withoutGrid=1&pageSize=50`,
      headers: v.auth,
    });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((h: { number: string; grid: unknown }) => [h.number, h.grid])).toEqual([
      ['X0001', null],
      ['X0002', null],
      ['X0003', null],
    ]);
    // Households already in a grid and left without a grid column stay where they are: no warning.
    const again = await importRoster(t.ctx, await cliIn(t.ctx, v.code), {
      fileName: 'roster.xlsx',
      data: xlsx,
      dryRun: true,
    });
    expect(again.withoutGrid).toBe(0);
  });
});
