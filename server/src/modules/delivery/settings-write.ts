/** Change a village's delivery settings (the chief): audited with the URL and secret masked. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { type SettingsBody, settingsBody } from './schema';
import { deliverySettings, maskedSettings } from './settings';

export async function putDeliverySettings(ctx: Ctx, caller: Caller, raw: SettingsBody) {
  const input = settingsBody.parse(raw);
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const before = await w.trx
      .selectFrom('deliverySettings')
      .selectAll()
      .where('villageId', '=', village.id)
      .executeTakeFirst();
    const row = {
      villageId: village.id,
      channels: JSON.stringify([...new Set(input.channels)]),
      webhookUrl: input.webhookUrl === undefined ? (before?.webhookUrl ?? null) : input.webhookUrl,
      webhookSecret: input.webhookSecret === undefined ? (before?.webhookSecret ?? null) : input.webhookSecret,
      webhookIdempotent:
        input.webhookIdempotent === undefined ? (before?.webhookIdempotent ?? 0) : input.webhookIdempotent ? 1 : 0,
      updatedAt: w.now,
    };
    const masked = (s: Awaited<ReturnType<typeof deliverySettings>>) => maskedSettings(s);
    const was = masked(await deliverySettings(w.trx, village.id));
    await w.trx
      .insertInto('deliverySettings')
      .values(row)
      .onConflict((oc) => oc.column('villageId').doUpdateSet({ ...row }))
      .execute();
    const now = masked(await deliverySettings(w.trx, village.id));
    w.audit({
      action: 'delivery.settings.update',
      targetType: 'deliverySettings',
      targetId: village.id,
      before: was,
      after: now,
    });
    return now;
  });
}
