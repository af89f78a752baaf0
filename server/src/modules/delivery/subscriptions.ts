/** The app registers (or drops) its Web Push subscription for the signed-in account. */
import type { Ctx } from '../../context';
import type { Caller } from '../../core/caller';
import { write } from '../../core/write';
import { newId } from '../../lib/ids';
import { maskUrl } from './rules';
import type { SubscriptionBody } from './schema';

export async function subscribe(ctx: Ctx, caller: Caller, body: SubscriptionBody) {
  const accountId = caller.actor!.accountId;
  return write(ctx, caller, async (w) => {
    const row = {
      id: newId(),
      villageId: caller.actor?.villageId ?? null,
      accountId,
      endpoint: body.endpoint,
      p256dh: body.keys.p256dh,
      auth: body.keys.auth,
      createdAt: w.now,
    };
    // The same browser registering again (or for another account on a shared phone) moves it.
    await w.trx
      .insertInto('pushSubscriptions')
      .values(row)
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({ accountId, p256dh: row.p256dh, auth: row.auth, villageId: row.villageId }),
      )
      .execute();
    const saved = await w.trx
      .selectFrom('pushSubscriptions')
      .selectAll()
      .where('endpoint', '=', body.endpoint)
      .executeTakeFirstOrThrow();
    w.audit({
      action: 'delivery.push.subscribe',
      targetType: 'pushSubscription',
      targetId: saved.id,
      after: { endpoint: maskUrl(body.endpoint) },
    });
    return { id: saved.id, endpoint: saved.endpoint, createdAt: saved.createdAt };
  });
}

export async function unsubscribe(ctx: Ctx, caller: Caller, endpoint: string) {
  return write(ctx, caller, async (w) => {
    const res = await w.trx
      .deleteFrom('pushSubscriptions')
      .where('endpoint', '=', endpoint)
      .where('accountId', '=', caller.actor!.accountId)
      .executeTakeFirst();
    if (Number(res.numDeletedRows))
      w.audit({
        action: 'delivery.push.unsubscribe',
        targetType: 'pushSubscription',
        after: { endpoint: maskUrl(endpoint) },
      });
    return { ok: true };
  });
}
