import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openConfigured } from '../main/open';
import { makeCtx } from '../context';
import { systemClock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { importRoster } from '../modules/import/service';
import type { Problem } from '../modules/import/problems';
import type { ImportReport } from '../modules/import/types';
import { villageCaller } from './run';

const counts = (c: { created: number; updated: number; unchanged: number }) =>
  `+${c.created} ~${c.updated} =${c.unchanged}`;

/** Terminal width of a string: CJK and full-width characters take two columns. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/g;
const widthOf = (s: string) => s.length + (s.match(WIDE)?.length ?? 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - widthOf(s)));

/** A plain table of problems: row, column, code, Chinese / English message. */
export function problemTable(problems: Problem[]): string {
  const head = ['行 row', '列 column', 'code', '说明 / message'];
  const body = problems.map((p) => [
    String(p.row),
    p.column,
    p.code,
    `${p.zh} / ${p.en}${p.value ? ` [${p.value}]` : ''}`,
  ]);
  const w = [0, 1, 2].map((i) => Math.max(widthOf(head[i]), ...body.map((r) => widthOf(r[i]))));
  return [head, ...body].map((r) => r.map((c, i) => (i < 3 ? pad(c, w[i]) : c)).join('  ')).join('\n');
}

export function registerImport(program: Command) {
  program
    .command('import')
    .description('导入花名册（xlsx/csv）/ import the village roster (xlsx/csv)')
    .argument('<file>', 'roster spreadsheet (.xlsx or .csv)')
    .requiredOption('--village <code>', 'village code')
    .option('--dry-run', 'check and report only, write nothing')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { village: string; dryRun?: boolean; json?: boolean }) => {
      const data = fs.readFileSync(file);
      const fileName = path.basename(file);
      const database = await openConfigured(loadConfig());
      let ok = false;
      try {
        const ctx = makeCtx(database, systemClock);
        let report: ImportReport | undefined;
        let problems: Problem[];
        try {
          const caller = await villageCaller(ctx, opts.village, opts.dryRun ? 'import --dry-run' : 'import');
          report = await importRoster(ctx, caller, { fileName, data, dryRun: !!opts.dryRun });
          problems = report.problems;
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'IMPORT_INVALID') throw err;
          problems = err.details as Problem[];
        }
        ok = problems.length === 0;
        if (opts.json) {
          const out = report
            ? { ok, ...report }
            : {
                ok,
                dryRun: false,
                fileName,
                error: {
                  code: 'IMPORT_INVALID',
                  zh: '文件有问题，未导入任何数据',
                  en: 'The file has problems; nothing was imported',
                },
                problems,
              };
          console.log(JSON.stringify(out, null, 2));
        } else {
          if (report) {
            console.log(`${report.dryRun ? '试导入 dry run' : '已导入 imported'}: ${fileName}, ${report.rows} rows`);
            console.log(
              `  户 households ${counts(report.households)}; 居民 residents ${counts(report.residents)} (moved ${report.residents.moved}); 网格 grids +${report.assignments.created} ~${report.assignments.changed}`,
            );
            for (const w of report.warnings) console.log(`  注意 warning: ${w.zh} / ${w.en}`);
          }
          if (problems.length) {
            console.log(
              `${problems.length} 处问题，${report?.dryRun ? '' : '未导入任何数据 / '}${problems.length} problem(s)${report?.dryRun ? '' : ', nothing imported'}:`,
            );
            console.log(problemTable(problems));
          }
        }
      } finally {
        await database.close();
      }
      if (!ok) process.exitCode = 1;
    });
}
