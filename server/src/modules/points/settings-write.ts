import type { Ctx } from '../../context';
import { auditNote } from '../../lib/request-context';
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
export async function updateSettings(ctx: Ctx, villageId: string, input: SettingsInput) {
  const before = presentSettings(await getSettings(ctx.db, villageId));
  const { tiers, ...numbers } = input;
  await ctx.db
    .updateTable('pointsSettings')
    .set({ ...numbers, ...(tiers ? { tiers: JSON.stringify(tiers) } : {}), updatedAt: ctx.clock.now() })
    .where('villageId', '=', villageId)
    .execute();
  const after = presentSettings(await getSettings(ctx.db, villageId));
  auditNote({ action: 'points.settings', targetType: 'village', targetId: villageId, before, after });
  return after;
}
