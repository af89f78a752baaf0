/**
 * Use cases of spreadsheet import and export. Villages are named by their code; an unknown code
 * is a 404. Parsing and writing are separate steps (`importSheet` takes already-parsed rows) so
 * they can be timed apart.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../context';
import { villageByCode } from '../registry/villages';
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

export async function importRoster(ctx: Ctx, villageCode: string, file: ImportFile): Promise<ImportReport> {
  const village = await villageByCode(ctx.db, villageCode);
  const sheet = await parseFile(file.fileName, file.data);
  const fileHash = createHash('sha256').update(file.data).digest('hex');
  return applyImport(ctx, village.id, sheet, { fileName: file.fileName, fileHash, dryRun: file.dryRun });
}

/** Import rows that are already parsed (see parse.ts `parseFile`, or build a SheetInput directly). */
export async function importSheet(
  ctx: Ctx,
  villageCode: string,
  sheet: SheetInput,
  opts: { fileName?: string; fileHash?: string; dryRun?: boolean } = {},
): Promise<ImportReport> {
  const village = await villageByCode(ctx.db, villageCode);
  return applyImport(ctx, village.id, sheet, {
    fileName: opts.fileName ?? 'rows',
    fileHash: opts.fileHash,
    dryRun: opts.dryRun ?? false,
  });
}

export async function exportRoster(ctx: Ctx, villageCode: string, opts: { reveal?: boolean } = {}): Promise<Buffer> {
  const village = await villageByCode(ctx.db, villageCode);
  return rosterXlsx(ctx, village.id, opts);
}

export async function exportAssignments(ctx: Ctx, villageCode: string): Promise<Buffer> {
  const village = await villageByCode(ctx.db, villageCode);
  return assignmentsXlsx(ctx, village.id);
}
