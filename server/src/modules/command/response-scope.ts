/** The response a new instruction, muster or notice belongs to: in the caller's reach and still open. */
import type { Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import { conflict } from '../../lib/errors';
import { pathInScope } from '../access/scope';
import { getResponse } from './repo';
import { outsideScope } from './scope';

export async function openResponseFor(db: Executor, caller: Caller, villageId: string, responseId: string) {
  const r = await getResponse(db, villageId, responseId);
  if (!pathInScope(caller.scope, r.path) && !caller.scope.paths.some((p) => p.startsWith(r.path)))
    throw outsideScope('responseId');
  if (r.endedAt !== null) throw conflict('RESPONSE_CLOSED', '应急响应已结束', 'The response is already closed');
  return r;
}
