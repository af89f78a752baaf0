/** Tampering with a published entry in the database is detected by `wangge points verify`. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createPgSchema, dropPgSchema, openDatabase } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { makeCtx } from '../../server/src/context';
import { fixedClock } from '../../server/src/lib/clock';
import { loadDemo } from '../../server/src/modules/demo/load';
import { createDemoAccounts } from '../../server/src/modules/demo/accounts';
import { createDemoPoints } from '../../server/src/modules/demo/points';

const run = promisify(execFile);

/** The CLI runs as its own process against a database file or schema it shares with the test. */
async function cliDatabase() {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `t_verify_${process.pid}`;
    await createPgSchema(url, schema);
    const database = openDatabase({ url, schema });
    await migrateToLatest(database.db, schema);
    return { database, env: { DATABASE_URL: url, DATABASE_SCHEMA: schema }, drop: () => dropPgSchema(url, schema) };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wangge-verify-'));
  const database = openDatabase({ file: path.join(dir, 'wangge.sqlite') });
  await migrateToLatest(database.db);
  return { database, env: { WANGGE_DATA_DIR: dir }, drop: async () => {} };
}

describe('points verify', () => {
  it('passes on an intact board and names the entry after a change in the database', async () => {
    const { database, env, drop } = await cliDatabase();
    try {
      const ctx = makeCtx(database, fixedClock(Date.UTC(2026, 2, 1)));
      const demo = await loadDemo(ctx);
      await createDemoAccounts(ctx);
      await createDemoPoints(ctx, demo.villageId);
      const cli = (args: string[]) =>
        run('npx', ['tsx', 'server/src/cli.ts', 'points', 'verify', '--village', 'dahuashan', '--json', ...args], { env: { ...process.env, ...env }, cwd: process.cwd() }).then(
          (r) => ({ code: 0, out: JSON.parse(r.stdout) }),
          (e) => ({ code: e.code as number, out: JSON.parse(e.stdout) }),
        );
      const intact = await cli([]);
      expect(intact.code).toBe(0);
      expect(intact.out.ok).toBe(true);
      expect(intact.out.checked).toBeGreaterThan(300);

      const victim = await database.db.selectFrom('pointsEntries').select(['id', 'seq']).where('kind', '=', 'positive').where('status', '=', 'published').orderBy('seq').executeTakeFirstOrThrow();
      await sql`update points_entries set effective = effective + 10 where id = ${victim.id}`.execute(database.db);
      const broken = await cli([]);
      expect(broken.code).toBe(1);
      expect(broken.out).toMatchObject({ ok: false, brokenAt: { id: victim.id, seq: victim.seq, reason: 'hash' } });
    } finally {
      await database.close();
      await drop();
    }
  });
});
