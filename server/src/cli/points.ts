import type { Command } from 'commander';
import { cliCaller } from '../core/caller';
import { villageByCode } from '../modules/registry/villages';
import { verifyBoard } from '../modules/points/board';
import { settle } from '../modules/points/settlement';
import { output, withCtx } from './run';

/** `wangge points verify|settle --village <code>`. */
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
  cmd
    .command('settle')
    .description('年终结算（每年一次；审计记录为命令行）/ year-end settlement (once; audited as the CLI)')
    .requiredOption('--village <code>')
    .requiredOption('--period <year>')
    .option('--json')
    .action(async (o: { village: string; period: string; json?: boolean }) => {
      const r = await withCtx(async (ctx) => {
        const village = await villageByCode(ctx.db, o.village);
        return settle(ctx, cliCaller(village, 'points settle'), { period: o.period });
      });
      const { results: _results, ...summary } = r;
      output(
        o.json,
        summary,
        () =>
          `Settled ${r.period}: ${r.members} grid members, ${r.households} households, payout ${r.payoutTotal} yuan; ${r.nextPeriod} opened / ${r.period} 年度已结算，${r.nextPeriod} 年度开始`,
      );
    });
}
