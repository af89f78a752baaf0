import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openConfigured } from '../main/open';
import { makeCtx } from '../context';
import { systemClock } from '../lib/clock';
import { write } from '../core/write';
import { exportAssignments, exportRoster } from '../modules/import/service';
import { villageCaller } from './run';

export function registerExport(program: Command) {
  program
    .command('export')
    .description('导出花名册或网格分配（xlsx）/ export the roster or the grid assignments (xlsx)')
    .requiredOption('--village <code>', 'village code')
    .option('--kind <kind>', 'roster | assignments', 'roster')
    .option('--out <file>', 'output file, "-" for stdout (default: <kind>-<village>.xlsx)')
    .option('--reveal', 'full ID and phone numbers (default: masked)')
    .action(async (opts: { village: string; kind: string; out?: string; reveal?: boolean }) => {
      if (opts.kind !== 'roster' && opts.kind !== 'assignments')
        throw new Error(`--kind must be roster or assignments, not "${opts.kind}"`);
      const database = await openConfigured(loadConfig());
      try {
        const ctx = makeCtx(database, systemClock);
        const caller = await villageCaller(
          ctx,
          opts.village,
          `export --kind ${opts.kind}${opts.reveal ? ' --reveal' : ''}`,
        );
        const data =
          opts.kind === 'roster'
            ? await exportRoster(ctx, caller, { reveal: !!opts.reveal })
            : await exportAssignments(ctx, caller);
        // Exports of personal data are audited, as over HTTP: a write whose only effect is its audit row.
        await write(ctx, caller, async (w) =>
          w.audit({
            action: `export.${opts.kind}`,
            targetType: 'village',
            targetId: caller.village!.id,
            after: { reveal: !!opts.reveal, bytes: data.length },
          }),
        );
        const out = opts.out ?? `${opts.kind}-${opts.village}.xlsx`;
        if (out === '-') process.stdout.write(data);
        else {
          fs.writeFileSync(out, data);
          console.error(
            `wrote ${out} (${data.length} bytes${opts.kind === 'roster' && !opts.reveal ? ', ID and phone numbers masked' : ''})`,
          );
        }
      } finally {
        await database.close();
      }
    });
}
