/**
 * The pure rules of a muster (集结): which answers may follow which, and how each moves the
 * counters. Arrival is final (an arrived person cannot be "on the way" again); the same answer
 * twice changes nothing; "on my way" and "cannot come" may replace each other.
 */
import type { MusterState } from '../../db/types';
import { conflict } from '../../lib/errors';

export type MusterCounter = 'onMyWay' | 'cannotCome' | 'arrived';

const counterOf: Record<MusterState, MusterCounter | null> = {
  called: null,
  on_my_way: 'onMyWay',
  cannot_come: 'cannotCome',
  arrived: 'arrived',
};

/** The counter changes of a move, or null when it changes nothing. Throws when not allowed. */
export function musterMove(from: MusterState, to: MusterState): Partial<Record<MusterCounter, number>> | null {
  if (from === to) return null;
  if (from === 'arrived')
    throw conflict('ALREADY_ARRIVED', '已签到，无需再回复', 'Already arrived: nothing more to answer', 'state');
  if (to === 'called') throw new Error('A muster answer cannot return to "called"');
  const d: Partial<Record<MusterCounter, number>> = {};
  const was = counterOf[from];
  if (was) d[was] = -1;
  d[counterOf[to]!] = 1;
  return d;
}
