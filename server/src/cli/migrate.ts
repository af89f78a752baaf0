import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openConfigured } from '../main/open';

export function registerMigrate(program: Command) {
  program
    .command('migrate')
    .description('运行数据库迁移 / run database migrations')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const database = await openConfigured(loadConfig());
      console.log(
        opts.json ? JSON.stringify({ ok: true, backend: database.backend }) : `migrated (${database.backend})`,
      );
      await database.close();
    });
}
