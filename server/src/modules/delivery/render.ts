/**
 * The words of an outgoing message for channels that carry text (webhook, SMS, push), made when
 * it is sent from what the message names (the instruction's current text, the muster's place).
 */
import type { Executor } from '../../db/database';
import type { OutboundMessage } from '../../db/types';

export async function renderText(db: Executor, m: OutboundMessage): Promise<string> {
  const p = JSON.parse(m.params) as Record<string, unknown>;
  if (m.subjectType === 'commandInstruction') {
    const i = await db
      .selectFrom('commandInstructions')
      .select(['text', 'senderName'])
      .where('id', '=', m.subjectId)
      .executeTakeFirst();
    const text = i?.text ?? '';
    if (m.textCode === 'command.reminder') return `【提醒】请尽快确认指令：${text}`;
    if (m.textCode === 'command.escalation') return `【未确认】${Number(p.outstanding ?? 0)} 人尚未确认指令：${text}`;
    return `【应急指令】${i?.senderName ?? ''}：${text}（请在应用中回复“收到”）`;
  }
  if (m.subjectType === 'commandMuster') {
    const mu = await db
      .selectFrom('commandMusters')
      .select(['placeName', 'text'])
      .where('id', '=', m.subjectId)
      .executeTakeFirst();
    return `【集结】${mu?.text ?? ''}　地点：${mu?.placeName ?? ''}`;
  }
  if (m.subjectType === 'commandNotice') {
    const n = await db.selectFrom('commandNotices').select('text').where('id', '=', m.subjectId).executeTakeFirst();
    return `【通知到户】${n?.text ?? ''}（请逐户通知并在应用中标记）`;
  }
  return m.textCode;
}
