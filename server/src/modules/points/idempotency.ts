/**
 * Client-made ids (phones retry on a weak signal): a request carrying an id that is already
 * recorded is a retry when it says the same thing as the first one — the first result is
 * answered again and nothing new is written; with anything else it is a conflict.
 */
import { conflict } from '../../lib/errors';

export const idempotencyConflict = () =>
  conflict(
    'IDEMPOTENCY_CONFLICT',
    '同一请求编号已用于不同内容',
    'This request id was already used with a different payload',
    'id',
  );

/**
 * The row already recorded under the request's id, when every expected field matches (the same
 * village, the same caller, the same payload); null when there is none; a conflict otherwise.
 */
export function replayOf<T extends object>(prior: T | undefined, expected: Partial<T>): T | null {
  if (!prior) return null;
  for (const [k, v] of Object.entries(expected)) if (prior[k as keyof T] !== v) throw idempotencyConflict();
  return prior;
}
