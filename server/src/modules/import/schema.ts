import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => v === 'true' || v === '1');

export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const importQuery = z.object({ dryRun: flag });
export const rosterQuery = z.object({ reveal: flag });
