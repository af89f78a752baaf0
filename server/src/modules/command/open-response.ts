/** Open an emergency response over the caller's part of the structure (the chief: the village). */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { newId } from '../../lib/ids';
import { presentResponse } from './present';
import { activeStructureId } from './repo';
import type { OpenResponseBody } from './schema';
import { commandableNode, ownRoots } from './scope';

export async function openResponse(ctx: Ctx, caller: Caller, input: OpenResponseBody) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const structureId = await activeStructureId(w.trx, village.id);
    const node = input.nodeId
      ? await commandableNode(w.trx, caller, structureId, input.nodeId)
      : (await ownRoots(w.trx, caller, structureId))[0];
    const row = {
      id: newId(),
      villageId: village.id,
      name: input.name,
      level: input.level,
      nodeId: node.id,
      path: node.path,
      startedAt: input.startedAt ?? w.now,
      endedAt: null,
      openedBy: caller.actor?.accountId ?? null,
      closedBy: null,
      createdAt: w.now,
    };
    await w.trx.insertInto('commandResponses').values(row).execute();
    w.audit({ action: 'command.response.open', targetType: 'commandResponse', targetId: row.id, after: row });
    w.emit({ type: 'command.response.opened', subjectType: 'commandResponse', subjectId: row.id, path: node.path });
    return presentResponse(row);
  });
}
