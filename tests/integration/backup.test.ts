/**
 * Backup while writes run, restore, and the invariants: the restored database passes every
 * check (cover, balances, hash chain, event log) and holds every write answered before the
 * backup began. SQLite: the online backup API and `restoreSqlite`; PostgreSQL: pg_dump and
 * pg_restore into a database of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database';
import { newId } from '../../server/src/lib/ids';
import {
  backupPostgres,
  backupSqlite,
  checkSqliteFile,
  restorePostgres,
  restoreSqlite,
} from '../../server/src/modules/ops/backup';
import { checkInvariants } from '../../server/src/modules/ops/invariants';
import { demoApp, type Call, type DemoApp } from '../helpers/demo-app';

let t: DemoApp;
let gm: Call;
let households: string[];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-backup-'));

beforeAll(async () => {
  t = await demoApp();
  gm = await t.as('gridMember');
  const list = await gm('GET', '/api/v1/villages/dahuashan/households?pageSize=50');
  expect(list.status).toBe(200);
  households = list.body.items.map((h: { id: string }) => h.id);
  expect(households.length).toBeGreaterThan(5);
}, 120_000);
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = async (db = t.ctx.db) =>
  Number(
    (
      await db
        .selectFrom('pointsEntries')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Grid-member proposals under a rule that takes effect at once (ledger, chain, events). */
async function writes(n: number, onWrite: (i: number) => void) {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const res = await gm('POST', '/api/v1/villages/dahuashan/points/entries', {
      id: newId(),
      ruleCode: 'H02',
      target: { kind: 'household', householdId: households[i % households.length] },
      reason: `垃圾分类 ${i}`,
      evidence: [],
    });
    if (res.status === 201) ok++;
    onWrite(i);
  }
  return ok;
}

describe('backup during writes', () => {
  it('restores to a consistent database with every write done before the backup', async () => {
    const file = path.join(dir, t.database.backend === 'postgres' ? 'wangge.dump' : 'wangge.sqlite');
    let before = -1;
    let backup: Promise<unknown> | null = null;
    const ok = await writes(120, (i) => {
      if (i !== 40) return;
      backup = (async () => {
        before = await entries();
        return t.database.backend === 'postgres'
          ? backupPostgres(process.env.DATABASE_URL!, t.database.schema!, file)
          : backupSqlite(t.database, file);
      })();
    });
    await backup;
    expect(ok).toBeGreaterThan(100);
    const after = await entries();

    if (t.database.backend === 'sqlite') {
      const report = await checkSqliteFile(file);
      expect(report.problems).toEqual([]);
      const target = path.join(dir, 'restored', 'wangge.sqlite');
      expect((await restoreSqlite(file, target)).ok).toBe(true);
      const restored = openDatabase({ file: target });
      try {
        const n = await entries(restored.db);
        expect(n).toBeGreaterThanOrEqual(before);
        expect(n).toBeLessThanOrEqual(after);
        expect((await checkInvariants(restored.db)).problems).toEqual([]);
      } finally {
        await restored.close();
      }
      return;
    }
    // PostgreSQL: restore into a database of its own, where the dumped schema is recreated.
    const url = process.env.DATABASE_URL!;
    const name = `wangge_restore_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const restoredUrl = url.replace(/\/[^/]*$/, `/${name}`);
    try {
      await restorePostgres(restoredUrl, file);
      const restored = openDatabase({ url: restoredUrl, schema: t.database.schema });
      try {
        const n = await entries(restored.db);
        expect(n).toBeGreaterThanOrEqual(before);
        expect(n).toBeLessThanOrEqual(after);
        expect((await checkInvariants(restored.db)).problems).toEqual([]);
      } finally {
        await restored.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  }, 240_000);

  it('refuses to restore a file that is not a sound database', async () => {
    if (t.database.backend === 'postgres') {
      await expect(restorePostgres(process.env.DATABASE_URL!, path.join(dir, 'missing.dump'))).rejects.toThrow();
      return;
    }
    const bad = path.join(dir, 'bad.sqlite');
    fs.writeFileSync(bad, 'not a database');
    const target = path.join(dir, 'kept', 'wangge.sqlite');
    await expect(restoreSqlite(bad, target)).rejects.toThrow();
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('the invariants', () => {
  it('hold on the demo village and find a balance that differs from its entries', async () => {
    expect((await checkInvariants(t.ctx.db)).problems).toEqual([]);
    const account = await t.ctx.db.selectFrom('pointsAccounts').select(['id', 'balance']).executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('pointsAccounts')
      .set({ balance: account.balance + 7 })
      .where('id', '=', account.id)
      .execute();
    const r = await checkInvariants(t.ctx.db);
    expect(r.problems.map((p) => p.code)).toEqual(['BALANCE_MISMATCH']);
    await t.ctx.db
      .updateTable('pointsAccounts')
      .set({ balance: account.balance })
      .where('id', '=', account.id)
      .execute();
  });
});
