import type { Command } from 'commander';
import { activate } from '../modules/structures/activate';
import { listStructures, structureDiff, validationReport } from '../modules/structures/queries';
import { output, villageCaller, withCtx } from './run';

/** `wangge structure list|validate|diff|activate` — the same use cases as the API. */
export function registerStructure(program: Command) {
  const cmd = program.command('structure').description('网格结构：列表、校验、对比、启用 / grid structures');
  cmd
    .command('list')
    .requiredOption('--village <code>')
    .option('--json')
    .action(async (o: { village: string; json?: boolean }) => {
      const items = await withCtx(async (ctx) =>
        listStructures(ctx, await villageCaller(ctx, o.village, 'structure list')),
      );
      output(o.json, { items }, () =>
        items.map((s) => `${s.id}  ${s.status.padEnd(8)} ${String(s.grids).padStart(3)} grids  ${s.name}`).join('\n'),
      );
    });
  cmd
    .command('validate <structure>')
    .description('structure id, or "active"')
    .requiredOption('--village <code>')
    .option('--json')
    .action(async (id: string, o: { village: string; json?: boolean }) => {
      const r = await withCtx(async (ctx) =>
        validationReport(ctx, await villageCaller(ctx, o.village, 'structure validate'), { structureId: id }),
      );
      output(o.json, r, () =>
        r.ok ? 'OK: no violations / 校验通过' : r.violations.map((v) => `${v.code}\t${v.zh}\t${v.en}`).join('\n'),
      );
      if (!r.ok) process.exitCode = 1;
    });
  cmd
    .command('diff <from> <to>')
    .requiredOption('--village <code>')
    .option('--json')
    .action(async (from: string, to: string, o: { village: string; json?: boolean }) => {
      const d = await withCtx(async (ctx) =>
        structureDiff(ctx, await villageCaller(ctx, o.village, 'structure diff'), { from, to }),
      );
      output(o.json, d, () =>
        [
          `households moved: ${d.householdsMoved.length}`,
          `grids added: ${d.gridsAdded.length} ${d.gridsAdded.map((g) => g.code).join(' ')}`,
          `grids removed: ${d.gridsRemoved.length} ${d.gridsRemoved.map((g) => g.code).join(' ')}`,
          `nodes renamed: ${d.nodesRenamed.length}`,
          `staff changes: ${d.staffChanged.length}`,
        ].join('\n'),
      );
    });
  cmd
    .command('activate <structure>')
    .requiredOption('--village <code>')
    .option('--json')
    .action(async (id: string, o: { village: string; json?: boolean }) => {
      const r = await withCtx(async (ctx) =>
        activate(ctx, await villageCaller(ctx, o.village, 'structure activate'), { structureId: id }),
      );
      output(
        o.json,
        r,
        () => `activated ${r.structureId}: ${r.grids} grids, ${r.households} households and units covered`,
      );
    });
}
