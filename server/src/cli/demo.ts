import type { Command } from 'commander';
import { loadDemo } from '../modules/demo/load';
import { output, withCtx } from './run';

export function registerDemo(program: Command) {
  program
    .command('demo')
    .description('载入示范村（大华山村） / load the demo village')
    .option('--seed <n>', 'random seed', (v) => Number(v))
    .option('--json', 'machine-readable output')
    .action(async (opts: { seed?: number; json?: boolean }) => {
      const r = await withCtx((ctx) => loadDemo(ctx, { seed: opts.seed }));
      output(
        opts.json,
        r,
        () => `Loaded ${r.name} (${r.code}): ${r.households} households, ${r.units} units, ${r.residents} residents.`,
      );
    });
}
