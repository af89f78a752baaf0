/**
 * Open a muster: resolve who is called (the same resolution as instructions), record one row per
 * person and the per-node counters, make the place's check-in token, and call everyone's app
 * (and the outbound channels) — in one transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { insertMany } from '../../db/bulk';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { presentMuster } from './muster-present';
import { openMusterBody, type OpenMusterBody } from './muster-schema';
import { send } from './outbound';
import { activeStructureId } from './repo';
import { resolveRecipients } from './resolve-recipients';
import { openResponseFor } from './response-scope';
import { perNodeCounts } from './rules';

export async function openMuster(ctx: Ctx, caller: Caller, raw: OpenMusterBody) {
  const input = openMusterBody.parse(raw);
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    if (input.responseId) await openResponseFor(w.trx, caller, village.id, input.responseId);
    const structureId = await activeStructureId(w.trx, village.id);
    const { roots, nodes, recipients } = await resolveRecipients(w.trx, caller, structureId, input.targets);
    if (!recipients.length)
      throw conflict('NO_RECIPIENTS', '没有符合条件的接收人', 'Nobody matches the targets', 'targets');
    const m = {
      id: newId(),
      villageId: village.id,
      responseId: input.responseId ?? null,
      structureId,
      path: roots[0].path,
      text: input.text,
      targets: JSON.stringify(input.targets),
      placeName: input.place.name,
      placeLat: input.place.lat ?? null,
      placeLng: input.place.lng ?? null,
      token: randomBytes(16).toString('base64url'),
      status: 'open' as const,
      openedBy: caller.actor?.accountId ?? null,
      openedByName: caller.actor?.name ?? caller.operator ?? '',
      openedAt: w.now,
      closedAt: null,
      recipients: recipients.length,
      onMyWay: 0,
      cannotCome: 0,
      arrived: 0,
    };
    await w.trx.insertInto('commandMusters').values(m).execute();
    const people = recipients.map((r) => ({
      id: newId(),
      musterId: m.id,
      ...r,
      state: 'called' as const,
      reason: null,
      answeredAt: null,
      arrivedAt: null,
      arrivedVia: null,
      recordedByName: null,
    }));
    await insertMany(ctx.database, w.trx, 'commandMusterPeople', people);
    const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
    await insertMany(
      ctx.database,
      w.trx,
      'commandMusterNodeCounts',
      perNodeCounts(
        people.map((p) => p.path),
        pathOf,
      ).map(({ nodeId, path, n }) => ({
        musterId: m.id,
        nodeId,
        path,
        recipients: n,
        onMyWay: 0,
        cannotCome: 0,
        arrived: 0,
      })),
    );
    await send(
      w,
      people.map((p) => ({
        personId: p.personId,
        accountId: p.accountId,
        path: p.path,
        subjectType: 'commandMuster',
        subjectId: m.id,
        textCode: 'command.muster',
        params: { musterId: m.id },
        key: `muster:${m.id}:${p.personId}`,
        eventType: 'command.muster.called',
      })),
    );
    w.audit({
      action: 'command.muster.open',
      targetType: 'commandMuster',
      targetId: m.id,
      after: { text: m.text, place: input.place, targets: input.targets, recipients: people.length },
    });
    return presentMuster(m, true);
  });
}
