/** Close an emergency response with its end time (the timeline then stays as it is). */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { conflict } from '../../lib/errors';
import { pathInScope } from '../access/scope';
import { presentResponse } from './present';
import { getResponse } from './repo';
import { outsideScope } from './scope';

export async function closeResponse(ctx: Ctx, caller: Caller, responseId: string, input: { endedAt?: number }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const r = await getResponse(w.trx, village.id, responseId);
    if (!pathInScope(caller.scope, r.path)) throw outsideScope('responseId');
    if (r.endedAt !== null) throw conflict('RESPONSE_CLOSED', '应急响应已结束', 'The response is already closed');
    const endedAt = input.endedAt ?? w.now;
    await w.trx
      .updateTable('commandResponses')
      .set({ endedAt, closedBy: caller.actor?.accountId ?? null })
      .where('id', '=', r.id)
      .execute();
    w.audit({ action: 'command.response.close', targetType: 'commandResponse', targetId: r.id, after: { endedAt } });
    w.emit({ type: 'command.response.closed', subjectType: 'commandResponse', subjectId: r.id, path: r.path });
    return presentResponse({ ...r, endedAt });
  });
}
