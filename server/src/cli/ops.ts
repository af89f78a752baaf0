import type { Command } from 'commander';
import path from 'node:path';
import { loadConfig } from '../config';
import { openConfigured } from '../main/open';
import { backupPostgres, backupSqlite, restorePostgres, restoreSqlite } from '../modules/ops/backup';
import { checkInvariants, type InvariantReport } from '../modules/ops/invariants';
import { output } from './run';

const sqliteFile = (dataDir: string) => path.join(dataDir, 'wangge.sqlite');

const describe = (r: InvariantReport) =>
  r.ok
    ? `OK / 一致: ${Object.entries(r.checked)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`
    : r.problems.map((p) => `${p.code}: ${p.zh} / ${p.en}`).join('\n');

/**
 * `wangge backup --out <file>` (consistent while the server runs), `wangge restore --from <file>`
 * (stop the server first; SQLite backups are checked before they replace the database) and
 * `wangge check` (the invariants; exit 1 on any problem).
 */
export function registerOps(program: Command) {
  program
    .command('backup')
    .description('备份数据库（服务运行时也可）/ back up the database (safe while serving)')
    .requiredOption('--out <file>')
    .option('--json')
    .action(async (o: { out: string; json?: boolean }) => {
      const config = loadConfig();
      const database = await openConfigured(config);
      try {
        const r = config.DATABASE_URL
          ? await backupPostgres(config.DATABASE_URL, config.DATABASE_SCHEMA ?? 'public', o.out)
          : await backupSqlite(database, o.out);
        output(o.json, { file: o.out, ...r }, () => `备份完成 / backed up to ${o.out} (${r.bytes} bytes)`);
      } finally {
        await database.close();
      }
    });
  program
    .command('restore')
    .description('从备份恢复（先停止服务）/ restore from a backup (stop the server first)')
    .requiredOption('--from <file>')
    .option('--json')
    .action(async (o: { from: string; json?: boolean }) => {
      const config = loadConfig();
      if (config.DATABASE_URL) {
        await restorePostgres(config.DATABASE_URL, o.from);
        const database = await openConfigured(config);
        try {
          const r = await checkInvariants(database.db);
          output(o.json, r, () => `恢复完成 / restored. ${describe(r)}`);
          if (!r.ok) process.exitCode = 1;
        } finally {
          await database.close();
        }
        return;
      }
      const r = await restoreSqlite(o.from, sqliteFile(config.WANGGE_DATA_DIR));
      output(o.json, r, () =>
        r.ok ? `恢复完成 / restored. ${describe(r)}` : `未恢复 / not restored:\n${describe(r)}`,
      );
      if (!r.ok) process.exitCode = 1;
    });
  program
    .command('check')
    .description('检查数据一致性 / check the invariants (exit 1 on any problem)')
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const database = await openConfigured(loadConfig());
      try {
        const r = await checkInvariants(database.db);
        output(o.json, r, () => describe(r));
        if (!r.ok) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
