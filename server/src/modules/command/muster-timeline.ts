/** The musters of a response on its timeline: who was called, who arrived, the times to 50 / 90 / 100 %. */
import type { Executor } from '../../db/database';
import { arrivalTimes } from './muster-board';

export async function timelineMusters(db: Executor, villageId: string, responseId: string) {
  const musters = await db
    .selectFrom('commandMusters')
    .selectAll()
    .where('villageId', '=', villageId)
    .where('responseId', '=', responseId)
    .orderBy('openedAt')
    .execute();
  const out = [];
  for (const m of musters) {
    const arrivals = await db
      .selectFrom('commandMusterPeople')
      .select('arrivedAt')
      .where('musterId', '=', m.id)
      .where('arrivedAt', 'is not', null)
      .execute();
    out.push({
      id: m.id,
      text: m.text,
      placeName: m.placeName,
      openedAt: m.openedAt,
      recipients: m.recipients,
      arrived: m.arrived,
      cannotCome: m.cannotCome,
      ...arrivalTimes(
        m,
        arrivals.map((a) => Number(a.arrivedAt)),
      ),
    });
  }
  return out;
}
