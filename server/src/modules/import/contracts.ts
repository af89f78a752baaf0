/** What the import routes answer: the import report (dry run or real). */
import { z } from 'zod';

/** A problem found in the file: row, column, stable code, message in Chinese and English. */
export const problemSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  value: z.string().optional(),
});

const counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const importReportSchema = z.object({
  dryRun: z.boolean(),
  fileName: z.string(),
  rows: z.number().int(),
  households: counts,
  residents: counts.extend({ moved: z.number().int() }),
  assignments: z.object({ created: z.number().int(), changed: z.number().int() }),
  /** Households of the file left in no grid of the active structure (each also a NO_GRID warning). */
  withoutGrid: z.number().int(),
  problems: z.array(problemSchema),
  warnings: z.array(problemSchema),
  importId: z.string().optional(),
});

export type ImportProblem = z.infer<typeof problemSchema>;
export type ImportReport = z.infer<typeof importReportSchema>;
