/**
 * The server's VAPID key pair for Web Push: from the environment when configured, else generated
 * once and stored (the first of two racing servers wins; both then read the stored pair). The
 * private key is never answered, logged or audited.
 */
import webpush from 'web-push';
import type { Ctx } from '../../context';
import { systemCaller } from '../../core/caller';
import { write } from '../../core/write';
import { deliveryEnv } from './env';

export interface Vapid {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export async function vapidKeys(ctx: Ctx): Promise<Vapid> {
  const env = deliveryEnv();
  if (env.WANGGE_VAPID_PUBLIC_KEY && env.WANGGE_VAPID_PRIVATE_KEY)
    return {
      publicKey: env.WANGGE_VAPID_PUBLIC_KEY,
      privateKey: env.WANGGE_VAPID_PRIVATE_KEY,
      subject: env.WANGGE_VAPID_SUBJECT,
    };
  const read = () => ctx.db.selectFrom('vapidKeys').selectAll().where('id', '=', 'default').executeTakeFirst();
  let row = await read();
  if (!row) {
    const k = webpush.generateVAPIDKeys();
    await write(ctx, systemCaller(null, 'vapid.generate'), async (w) => {
      await w.trx
        .insertInto('vapidKeys')
        .values({ id: 'default', publicKey: k.publicKey, privateKey: k.privateKey, createdAt: w.now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      w.audit({ action: 'delivery.vapid.generate', targetType: 'vapidKeys', after: { publicKey: k.publicKey } });
    });
    row = (await read())!;
  }
  return { publicKey: row.publicKey, privateKey: row.privateKey, subject: env.WANGGE_VAPID_SUBJECT };
}
