/**
 * Use cases of spreadsheet import and export, in the caller's village. Parsing and writing are separate steps (`importSheet` takes already-parsed rows) so
 * they can be timed apart.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { applyImport, type SheetInput } from './apply';
import { assignmentsXlsx, rosterXlsx } from './exports';
import { parseFile } from './parse';
import type { ImportReport } from './types';

export { template } from './template';
export type { ImportReport } from './types';

export interface ImportFile {
  fileName: string;
  data: Buffer;
  dryRun: boolean;
}

export async function importRoster(ctx: Ctx, caller: Caller, file: ImportFile): Promise<ImportReport> {
  const sheet = await parseFile(file.fileName, file.data);
  const fileHash = createHash('sha256').update(file.data).digest('hex');
  return applyImport(ctx, caller, sheet, { fileName: file.fileName, fileHash, dryRun: file.dryRun });
}

/** Import rows that are already parsed (see parse.ts `parseFile`, or build a SheetInput directly). */
export async function importSheet(
  ctx: Ctx,
  caller: Caller,
  sheet: SheetInput,
  opts: { fileName?: string; fileHash?: string; dryRun?: boolean } = {},
): Promise<ImportReport> {
  return applyImport(ctx, caller, sheet, {
    fileName: opts.fileName ?? 'rows',
    fileHash: opts.fileHash,
    dryRun: opts.dryRun ?? false,
  });
}

export async function exportRoster(ctx: Ctx, caller: Caller, opts: { reveal?: boolean } = {}): Promise<Buffer> {
  return rosterXlsx(ctx, villageOf(caller).id, opts);
}

export async function exportAssignments(ctx: Ctx, caller: Caller): Promise<Buffer> {
  return assignmentsXlsx(ctx, villageOf(caller).id);
}
