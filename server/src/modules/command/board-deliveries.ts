/**
 * The delivery part of a board: per outbound channel how many messages are pending, sending,
 * sent and failed, and each failed or retrying message with its reason — for the people the
 * caller sees (the recipients in their scope, and the leaders escalated to about them).
 */
import type { Executor } from '../../db/database';
import type { Deliveries } from './contracts';

export async function deliveriesOf(
  db: Executor,
  subjectId: string,
  visible: (personId: string, path: string | null) => boolean,
): Promise<Deliveries> {
  const rows = await db
    .selectFrom('outboundMessages')
    .leftJoin('people', 'people.id', 'outboundMessages.personId')
    .select([
      'outboundMessages.id',
      'outboundMessages.personId',
      'outboundMessages.path',
      'people.name',
      'outboundMessages.channel',
      'outboundMessages.textCode',
      'outboundMessages.state',
      'outboundMessages.attempts',
      'outboundMessages.lastError',
      'outboundMessages.updatedAt',
      'outboundMessages.nextAttemptAt',
    ])
    .where('outboundMessages.subjectId', '=', subjectId)
    .where('outboundMessages.channel', '!=', 'app')
    .execute();
  const mine = rows.filter((r) => visible(r.personId, r.path));
  const byChannel = new Map<string, { pending: number; sending: number; sent: number; failed: number }>();
  for (const r of mine) {
    const c = byChannel.get(r.channel) ?? { pending: 0, sending: 0, sent: 0, failed: 0 };
    c[r.state]++;
    byChannel.set(r.channel, c);
  }
  return {
    channels: [...byChannel]
      .map(([channel, c]) => ({ channel, ...c }))
      .sort((a, b) => a.channel.localeCompare(b.channel)),
    failures: mine
      .filter((r) => r.state === 'failed' || (r.lastError !== null && r.state !== 'sent'))
      .map((r) => ({
        messageId: r.id,
        personId: r.personId,
        name: r.name ?? '',
        channel: r.channel,
        kind: r.textCode,
        state: r.state,
        attempts: r.attempts,
        reason: r.lastError ?? '',
        at: r.updatedAt ?? 0,
        retryAt: r.state === 'pending' ? r.nextAttemptAt : null,
      })),
  };
}
