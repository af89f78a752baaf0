/**
 * A minimal village for import tests (village, active structure root → zone → patches → grids,
 * one grid member per grid, a signed-in chief), a deterministic roster generator, file writers and a hand-built
 * multipart body for app.inject.
 */
import type { Ctx } from '../../server/src/context';
import { newId } from '../../server/src/lib/ids';
import { CSRF_HEADER, SESSION_COOKIE } from '../../server/src/modules/access/guard';
import { cliCaller } from '../../server/src/core/caller';
import { openSession } from '../../server/src/modules/access/sessions';
import { villageByCode } from '../../server/src/modules/registry/villages';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import { COLUMNS, type ColumnKey } from '../../server/src/modules/import/columns';
import { writeCsv } from '../../server/src/modules/import/csv';
import { rowValues, type RosterRow } from '../../server/src/modules/import/roster';
import { writeXlsx } from '../../server/src/modules/import/xlsx';

export interface FixtureVillage {
  villageId: string;
  code: string;
  structureId: string;
  grids: { id: string; code: string; name: string }[];
  /** Headers of a signed-in general grid leader (chief) of this village: session cookie + CSRF. */
  auth: Record<string, string>;
}

export async function makeVillage(ctx: Ctx, opts: { code?: string; grids?: number } = {}): Promise<FixtureVillage> {
  const code = opts.code ?? 'TEST01';
  const now = ctx.clock.now();
  const villageId = newId();
  const structureId = newId();
  const rootId = newId();
  const zoneId = newId();
  const patches = [newId(), newId()];
  const chiefId = newId();
  const accountId = newId();
  const grids = Array.from({ length: opts.grids ?? 8 }, (_, i) => ({
    id: newId(),
    code: `G${String(i + 1).padStart(2, '0')}`,
    name: `第${i + 1}网格`,
  }));
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('villages')
      .values({
        id: villageId,
        code,
        name: `测试村${code}`,
        nameEn: null,
        placeId: null,
        path: `/${villageId}`,
        createdAt: now,
      })
      .execute();
    await trx
      .insertInto('structures')
      .values({
        id: structureId,
        villageId,
        name: '平时',
        status: 'active',
        coverage: 'all',
        sizeMin: 1,
        sizeMax: 1000,
        basedOn: null,
        note: null,
        createdAt: now,
        activatedAt: now,
        retiredAt: null,
      })
      .execute();
    const node = (
      id: string,
      parentId: string | null,
      kind: 'root' | 'zone' | 'patch' | 'grid',
      c: string,
      name: string,
      path: string,
      depth: number,
      sort: number,
    ) => ({
      id,
      villageId,
      structureId,
      parentId,
      kind,
      code: c,
      name,
      path,
      depth,
      sort,
    });
    await trx
      .insertInto('nodes')
      .values([
        node(rootId, null, 'root', 'ROOT', '测试村', `/${rootId}`, 0, 0),
        node(zoneId, rootId, 'zone', 'Z1', '东区', `/${rootId}/${zoneId}`, 1, 0),
        ...patches.map((p, i) =>
          node(p, zoneId, 'patch', `P${i + 1}`, `第${i + 1}片`, `/${rootId}/${zoneId}/${p}`, 2, i),
        ),
        ...grids.map((g, i) =>
          node(g.id, patches[i % 2], 'grid', g.code, g.name, `/${rootId}/${zoneId}/${patches[i % 2]}/${g.id}`, 3, i),
        ),
      ])
      .execute();
    await trx
      .insertInto('people')
      .values({
        id: chiefId,
        villageId,
        residentId: null,
        name: `总格长${code}`,
        phone: null,
        gender: null,
        partyMember: 1,
        dutyTags: '[]',
        reserve: 0,
        createdAt: now,
      })
      .execute();
    await trx
      .insertInto('posts')
      .values({
        id: newId(),
        villageId,
        structureId,
        nodeId: rootId,
        personId: chiefId,
        role: 'chief',
        validFrom: now,
        validTo: null,
        createdAt: now,
      })
      .execute();
    await trx
      .insertInto('accounts')
      .values({
        id: accountId,
        kind: 'staff',
        login: `chief-${code}`,
        displayName: `总格长${code}`,
        villageId,
        personId: chiefId,
        householdId: null,
        placeId: null,
        passwordHash: null,
        mustChangePassword: 0,
        status: 'active',
        failedLogins: 0,
        lockedUntil: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    for (const g of grids) {
      const personId = newId();
      await trx
        .insertInto('people')
        .values({
          id: personId,
          villageId,
          residentId: null,
          name: `网格员${g.code}`,
          phone: null,
          gender: null,
          partyMember: 0,
          dutyTags: '[]',
          reserve: 0,
          createdAt: now,
        })
        .execute();
      await trx
        .insertInto('posts')
        .values({
          id: newId(),
          villageId,
          structureId,
          nodeId: g.id,
          personId,
          role: 'gridMember',
          validFrom: now,
          validTo: null,
          createdAt: now,
        })
        .execute();
    }
  });
  const session = await openSession(ctx, accountId);
  const auth = { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrf };
  return { villageId, code, structureId, grids, auth };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '秀英', '桂兰', '志强', '海燕', '德明', '春梅', '国庆', '丽华', '文军', '玉兰', '永刚'];
const day = (base: number, k: number) => new Date(base + k * 86_400_000).toISOString().slice(0, 10);

/**
 * A clean roster: `households` households (every `unitEvery`-th one a shop without residents when
 * set), `residents` residents in all — a head, a spouse, and children for the first few households.
 */
export function generateRoster(
  opts: { households?: number; residents?: number; grids?: string[]; prefix?: string } = {},
): RosterRow[] {
  const households = opts.households ?? 1304;
  const residents = opts.residents ?? 2676;
  const grids = opts.grids ?? [];
  const prefix = opts.prefix ?? 'H';
  const extra = residents - households * 2;
  if (extra < 0 || extra > households) throw new Error('generateRoster: 2–3 residents per household');
  const rows: RosterRow[] = [];
  let k = 0;
  const base = Date.UTC(1950, 0, 1);
  for (let h = 0; h < households; h++) {
    const number = `${prefix}${String(h + 1).padStart(4, '0')}`;
    const hh: RosterRow = {
      householdNumber: number,
      address: `测试村${(h % 9) + 1}街${h + 1}号`,
      householdKind: '住户',
    };
    if (grids.length) hh.grid = grids[h % grids.length];
    const size = 2 + (h < extra ? 1 : 0);
    for (let m = 0; m < size; m++) {
      const relation = m === 0 ? '户主' : m === 1 ? '配偶' : '子女';
      const male = m === 0 || (m === 2 && k % 2 === 0);
      const birth = day(base, (k * 7) % 18_000);
      const seq = (2 * ((k * 13) % 480) + (male ? 1 : 0)) % 1000;
      const id = makeIdNumber('110117', birth, seq);
      rows.push({
        ...hh,
        name: `${SURNAMES[(h + m) % SURNAMES.length]}${GIVEN[k % GIVEN.length]}`,
        gender: male ? '男' : '女',
        idNumber: id,
        birthDate: birth,
        relation,
        phone: m === 0 ? `139${String(10_000_000 + h).padStart(8, '0')}` : '',
        status: k % 17 === 0 ? '外出' : '常住',
        tags: k % 23 === 0 ? '独居老人' : '',
      });
      k++;
    }
  }
  return rows;
}

/** CSV of roster rows, optionally with only some columns (Chinese headers). */
export function toCsv(rows: RosterRow[], keys: ColumnKey[] = COLUMNS.map((c) => c.key)): Buffer {
  const cols = COLUMNS.filter((c) => keys.includes(c.key));
  return writeCsv([cols.map((c) => c.zh), ...rows.map((r) => cols.map((c) => r[c.key] ?? ''))]);
}
export const toXlsx = (rows: RosterRow[]) =>
  writeXlsx([
    {
      name: '花名册',
      columns: COLUMNS.map((c) => ({ header: c.zh, width: c.width, text: c.text })),
      rows: rows.map(rowValues),
    },
  ]);

/** A multipart/form-data body with one file field, built by hand; `auth` adds a session's headers. */
export function multipart(fileName: string, data: Buffer, auth: Record<string, string> = {}, field = 'file') {
  const boundary = `----wangge${Date.now().toString(16)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Row counts of the tables an import writes. */
export async function counts(ctx: Ctx) {
  const n = async (t: 'households' | 'residents' | 'assignments' | 'coverage' | 'imports') =>
    Number(
      (
        await ctx.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    households: await n('households'),
    residents: await n('residents'),
    assignments: await n('assignments'),
    coverage: await n('coverage'),
    imports: await n('imports'),
  };
}

/** The latest updatedAt of households and residents: unchanged means nothing was rewritten. */
export async function lastUpdated(ctx: Ctx) {
  const h = await ctx.db.selectFrom('households').select(['id', 'updatedAt']).orderBy('id').execute();
  const r = await ctx.db.selectFrom('residents').select(['id', 'updatedAt', 'householdId']).orderBy('id').execute();
  return { households: h, residents: r };
}

/** The import's caller in a village named by its code, as the CLI is (the audit log names the command). */
export const cliIn = async (ctx: Ctx, code: string, command = 'import') =>
  cliCaller(await villageByCode(ctx.db, code), command);
