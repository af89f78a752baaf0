import { z } from 'zod';

const blankIsNotZero = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? Number.NaN : v);

/**
 * An integer in a query string. `z.coerce.number()` alone reads `?to=` and `?after=%20` as 0 (a
 * filter nobody asked for); a blank value is refused here like any other non-number.
 */
export function queryInt(range: { min?: number; max?: number } = {}) {
  let n = z.coerce.number().int();
  if (range.min !== undefined) n = n.min(range.min);
  if (range.max !== undefined) n = n.max(range.max);
  return z.preprocess(blankIsNotZero, n);
}

export const pageQuery = z.object({
  page: queryInt({ min: 1, max: 100_000 }).default(1),
  pageSize: queryInt({ min: 1, max: 500 }).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const paged = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const offsetOf = (p: PageQuery) => (p.page - 1) * p.pageSize;
