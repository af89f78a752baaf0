import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { getSettings } from './settings';
import type { Tier } from './rules';

export interface SettingsInput {
  memberBase?: number;
  rewardCap?: number;
  yuanPerPoint?: number;
  householdCap?: number;
  publicationDays?: number;
  tiers?: Tier[];
}

export const presentSettings = (s: Awaited<ReturnType<typeof getSettings>>) => ({
  memberBase: s.memberBase,
  rewardCap: s.rewardCap,
  yuanPerPoint: s.yuanPerPoint,
  householdCap: s.householdCap,
  publicationDays: s.publicationDays,
  tiers: JSON.parse(s.tiers) as Tier[],
  chainLength: s.chainLength,
});

/** Settings change for what comes next; entries already posted keep their amounts. */
export async function updateSettings(ctx: Ctx, caller: Caller, input: SettingsInput) {
  const villageId = villageOf(caller).id;
  return write(ctx, caller, async (w) => {
    const before = presentSettings(await getSettings(w.trx, villageId, ctx.database.backend === 'postgres'));
    const { tiers, ...numbers } = input;
    await w.trx
      .updateTable('pointsSettings')
      .set({ ...numbers, ...(tiers ? { tiers: JSON.stringify(tiers) } : {}), updatedAt: w.now })
      .where('villageId', '=', villageId)
      .execute();
    const after = presentSettings(await getSettings(w.trx, villageId));
    w.audit({ action: 'points.settings', targetType: 'village', targetId: villageId, before, after });
    w.emit({ type: 'points.settings.changed', subjectType: 'village', subjectId: villageId, audience: 'all' });
    return after;
  });
}
