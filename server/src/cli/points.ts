import type { Command } from 'commander';
import { villageByCode } from '../modules/registry/villages';
import { verifyBoard } from '../modules/points/board';
import { output, withCtx } from './run';

/** `wangge points verify --village <code>`: recompute the board's hash chain; exit 1 on any break. */
export function registerPoints(program: Command) {
  const cmd = program.command('points').description('积分 / points');
  cmd
    .command('verify')
    .description('校验公示哈希链 / verify the hash chain of published entries')
    .requiredOption('--village <code>')
    .option('--json')
    .action(async (o: { village: string; json?: boolean }) => {
      const r = await withCtx(async (ctx) => verifyBoard(ctx.db, (await villageByCode(ctx.db, o.village)).id));
      output(o.json, r, () =>
        r.ok
          ? `OK: ${r.checked} entries, chain intact / 哈希链完整`
          : `BROKEN at seq ${r.brokenAt!.seq} (entry ${r.brokenAt!.id}, ${r.brokenAt!.reason}) / 哈希链在第 ${r.brokenAt!.seq} 条处被篡改`,
      );
      if (!r.ok) process.exitCode = 1;
    });
}
