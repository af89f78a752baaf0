import { z } from 'zod';

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
  problems: z.array(problemSchema),
  warnings: z.array(problemSchema),
  importId: z.string().optional(),
});

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const importQuery = z.object({ dryRun: flag });
export const rosterQuery = z.object({ reveal: flag });
