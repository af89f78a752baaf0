/** Tampering with a published entry in the database is detected by `wangge points verify`. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../server/src/context';
import { fixedClock } from '../../server/src/lib/clock';
import { loadDemo } from '../../server/src/modules/demo/load';
import { createDemoAccounts } from '../../server/src/modules/demo/accounts';
import { createDemoPoints } from '../../server/src/modules/demo/points';
import { cliDatabase } from '../helpers/cli';

describe('points verify', () => {
  it('passes on an intact board and names the entry after a change in the database', async () => {
    const { database, cli: wangge, close } = await cliDatabase('verify');
    try {
      const ctx = makeCtx(database, fixedClock(Date.UTC(2026, 2, 1)));
      const demo = await loadDemo(ctx);
      await createDemoAccounts(ctx);
      await createDemoPoints(ctx, demo.villageId);
      const cli = (_: string[]) => wangge(['points', 'verify', '--village', 'dahuashan']);
      const intact = await cli([]);
      expect(intact.code).toBe(0);
      expect(intact.out.ok).toBe(true);
      expect(intact.out.checked).toBeGreaterThan(300);

      const victim = await database.db
        .selectFrom('pointsEntries')
        .select(['id', 'seq'])
        .where('kind', '=', 'positive')
        .where('status', '=', 'published')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      await sql`update points_entries set effective = effective + 10 where id = ${victim.id}`.execute(database.db);
      const broken = await cli([]);
      expect(broken.code).toBe(1);
      expect(broken.out).toMatchObject({ ok: false, brokenAt: { id: victim.id, seq: victim.seq, reason: 'hash' } });
    } finally {
      await close();
    }
  });
});
