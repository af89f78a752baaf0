#!/usr/bin/env node
/**
 * The `wangge` command. Subcommands live in cli/<name>.ts; each exits non-zero on error and,
 * with --json, prints one stable JSON document for scripts.
 */
import { Command } from 'commander';
import { registerServe } from './cli/serve';
import { registerMigrate } from './cli/migrate';
import { registerImport } from './cli/import';
import { registerExport } from './cli/export';
import { registerDemo } from './cli/demo';
import { registerStructure } from './cli/structure';
import { registerPoints } from './cli/points';
import { registerVillage } from './cli/village';
import { registerOps } from './cli/ops';

const program = new Command();
program.name('wangge').description('网格化 + 积分制 — grid governance with points').version('0.1.0');
registerServe(program);
registerMigrate(program);
registerImport(program);
registerExport(program);
registerDemo(program);
registerStructure(program);
registerPoints(program);
registerVillage(program);
registerOps(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as { code?: string; zh?: string; en?: string; message?: string; details?: unknown };
  if (process.argv.includes('--json'))
    console.log(
      JSON.stringify(
        { error: { code: e.code ?? 'ERROR', zh: e.zh, en: e.en ?? e.message, details: e.details } },
        null,
        2,
      ),
    );
  else console.error(e.zh ? `${e.code}: ${e.zh} / ${e.en}` : (e.message ?? String(err)));
  process.exit(1);
});
