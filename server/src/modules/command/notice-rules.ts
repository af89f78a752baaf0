/**
 * The pure rules of reaching every household (通知到户): how a household may be marked, what an
 * attempt does to the counters, and who comes first on a grid member's list. Reached is final;
 * an unreachable household may be tried again (the second attempt is numbered as such) and,
 * when reached then, moves from the unreachable count to the reached one.
 */
import type { NoticeState } from '../../db/types';
import { badRequest, conflict } from '../../lib/errors';

export const REACH_METHODS = ['phone', 'door', 'broadcast', 'neighbour', 'in_person', 'roof'] as const;
export type ReachMethod = (typeof REACH_METHODS)[number];

/** Tags that put a household at the top of the list: the people who need a knock first. */
export const PRIORITY_TAGS = ['独居老人', '行动不便'];

export type NoticeCounter = 'reached' | 'unreachable';

export interface Mark {
  outcome: 'reached' | 'unreachable';
  method?: ReachMethod | null;
  reason?: string | null;
}

export function noticeMove(from: NoticeState, mark: Mark): Partial<Record<NoticeCounter, number>> {
  if (mark.outcome === 'reached' && !mark.method)
    throw badRequest('REACH_METHOD_REQUIRED', '请选择通知方式', 'Say how the household was reached', 'method');
  if (mark.outcome === 'unreachable' && !mark.reason)
    throw badRequest(
      'REACH_REASON_REQUIRED',
      '请说明未能通知的原因',
      'Say why the household could not be reached',
      'reason',
    );
  if (from === 'reached')
    throw conflict('ALREADY_REACHED', '该户已通知到', 'This household has already been reached', 'householdId');
  const d: Partial<Record<NoticeCounter, number>> = {};
  if (from === 'unreachable') {
    if (mark.outcome === 'unreachable') return d; // tried again, still nobody: the count stays
    d.unreachable = -1;
  }
  d[mark.outcome] = 1;
  return d;
}

/** Priority households first (by how many priority tags they carry), then by house number. */
export function listOrder<T extends { tags: string[]; number: string }>(rows: T[]): T[] {
  const weight = (r: T) => r.tags.filter((t) => PRIORITY_TAGS.includes(t)).length;
  return [...rows].sort((a, b) => weight(b) - weight(a) || a.number.localeCompare(b.number, 'zh', { numeric: true }));
}
