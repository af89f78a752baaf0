/** Import steps run in a child process each (see isolate.ts), timed and memory-sampled there. */
import fs from 'node:fs';
import { parseFile } from '../../server/src/modules/import/parse';
import { cliCaller } from '../../server/src/core/caller';
import { importRoster, importSheet, type ImportReport } from '../../server/src/modules/import/service';
import { villageByCode } from '../../server/src/modules/registry/villages';
import { openTarget, type DbTarget } from './env';
import { collectGarbage, measure, type Measured } from './memory';
import { importPhases, type Phases } from './phases';
import { timed } from './timer';
import { profiled, type ProfileSummary } from './profile';

export interface ImportTaskInput {
  target: DbTarget;
  villageCode: string;
  fileName: string;
  /** The file to import, on disk. */
  dataPath: string;
  /** file: importRoster; dry: importRoster as a dry run; parsed: parse first (not timed), then importSheet. */
  mode: 'file' | 'dry' | 'parsed';
  /** Write a CPU profile of the measured step here (slows the step down). */
  profile?: string;
}

export type ImportTaskResult = Measured<ImportReport> & { profile?: ProfileSummary };

export async function importTask(input: ImportTaskInput): Promise<ImportTaskResult> {
  const { database, ctx } = openTarget(input.target);
  try {
    const data = fs.readFileSync(input.dataPath);
    const sheet = input.mode === 'parsed' ? await parseFile(input.fileName, data) : undefined;
    const caller = cliCaller(await villageByCode(ctx.db, input.villageCode), 'bench import');
    const step = () =>
      sheet
        ? importSheet(ctx, caller, sheet)
        : importRoster(ctx, caller, { fileName: input.fileName, data, dryRun: input.mode === 'dry' });
    if (!input.profile) return await measure(step);
    const file = input.profile;
    const m = await measure(() => profiled(file, step));
    return { ...m, value: m.value.value, profile: m.value.summary };
  } finally {
    await database.close();
  }
}

export interface PhasesTaskInput {
  target: DbTarget;
  villageCode: string;
  csvPath: string;
  xlsxPath: string;
}

export interface PhasesTaskResult {
  parseCsvMs: number;
  parseXlsxMs: number;
  /** Whether the xlsx and the CSV parsed to the same rows. */
  sameRows: boolean;
  /** The write path, step by step (phases.ts), on the parsed CSV. */
  phases: Phases;
}

/** Where the time goes: parse each format, then the write path phase by phase, in a fresh process. */
export async function phasesTask(input: PhasesTaskInput): Promise<PhasesTaskResult> {
  const { database, ctx } = openTarget(input.target);
  try {
    const csv = fs.readFileSync(input.csvPath);
    const xlsx = fs.readFileSync(input.xlsxPath);
    collectGarbage();
    const pCsv = await timed(() => parseFile('roster.csv', csv));
    collectGarbage();
    const pXlsx = await timed(() => parseFile('roster.xlsx', xlsx));
    const sameRows = JSON.stringify(pXlsx.value.rows) === JSON.stringify(pCsv.value.rows);
    pXlsx.value.rows = [];
    collectGarbage();
    const phases = await importPhases(ctx, input.villageCode, pCsv.value);
    return { parseCsvMs: pCsv.ms, parseXlsxMs: pXlsx.ms, sameRows, phases };
  } finally {
    await database.close();
  }
}
