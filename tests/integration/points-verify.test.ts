/**
 * Tampering with a published entry in the database is detected by `wangge points verify`; the
 * year-end settlement from the command line is audited as the CLI.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../server/src/context';
import { fixedClock } from '../../server/src/lib/clock';
import { loadDemo } from '../../server/src/modules/demo/load';
import { createDemoAccounts } from '../../server/src/modules/demo/accounts';
import { createDemoPoints } from '../../server/src/modules/demo/points';
import { cliDatabase } from '../helpers/cli';
import type { TestDb } from '../helpers/db';
import { pointsVillage } from '../helpers/points-fixture';

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

  it('settles a year from the command line once, audited and announced as the CLI', async () => {
    const { database, cli, close } = await cliDatabase('settle');
    try {
      const ctx = makeCtx(database, fixedClock(Date.UTC(2026, 2, 1)));
      const v = await pointsVillage({ ctx } as TestDb);
      const done = await cli(['points', 'settle', '--village', v.village.code, '--period', v.period.label]);
      expect(done.code).toBe(0);
      expect(done.out).toMatchObject({ period: '2026', nextPeriod: '2027', members: 3, households: 3 });
      const audit = await database.db
        .selectFrom('auditLog')
        .selectAll()
        .where('action', '=', 'points.settle')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actorName: 'cli: wangge points settle', accountId: null, targetId: v.period.id });
      const settled = await database.db
        .selectFrom('events')
        .selectAll()
        .where('type', '=', 'points.settled')
        .executeTakeFirstOrThrow();
      expect(settled).toMatchObject({ villageId: v.villageId, audience: 'all' });
      const again = await cli(['points', 'settle', '--village', v.village.code, '--period', v.period.label]);
      expect(again.code).toBe(1);
      expect(again.out.error.code).toBe('ALREADY_SETTLED');
    } finally {
      await close();
    }
  });
});
