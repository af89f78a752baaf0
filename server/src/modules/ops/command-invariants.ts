/**
 * The invariants of emergency command: no recipient acknowledged twice in one round, and every
 * instruction's counters equal to what its recipients' rows say (the board reads the counters).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { Problem } from './invariants';

export async function commandProblems(db: Executor): Promise<Problem[]> {
  const problems: Problem[] = [];
  const twice = await db
    .selectFrom('commandAcks')
    .select(['instructionId', 'round', 'recipientId', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['instructionId', 'round', 'recipientId'])
    .having((eb) => eb.fn.countAll(), '>', 1)
    .limit(20)
    .execute();
  if (twice.length)
    problems.push({
      code: 'ACK_TWICE',
      zh: `${twice.length} 名接收人在同一轮被记录了多次回执`,
      en: `${twice.length} recipients are acknowledged more than once in one round`,
      details: twice,
    });
  const acked = db
    .selectFrom('commandRecipients')
    .innerJoin('commandInstructions as ci', 'ci.id', 'commandRecipients.instructionId')
    .select(['commandRecipients.instructionId', (eb) => eb.fn.countAll<number>().as('n')])
    .whereRef('commandRecipients.ackRound', '=', 'ci.round')
    .groupBy('commandRecipients.instructionId')
    .as('acked');
  const wrong = await db
    .selectFrom('commandInstructions')
    .leftJoin(acked, 'acked.instructionId', 'commandInstructions.id')
    .select(['commandInstructions.id', 'commandInstructions.acknowledged', 'acked.n'])
    .where(sql<boolean>`${sql.ref('commandInstructions.acknowledged')} <> coalesce(${sql.ref('acked.n')}, 0)`)
    .limit(20)
    .execute();
  if (wrong.length)
    problems.push({
      code: 'ACK_COUNT_MISMATCH',
      zh: `${wrong.length} 条指令的回执数不等于接收人的回执`,
      en: `${wrong.length} instructions count acknowledgements their recipients do not show`,
      details: wrong,
    });
  return problems;
}
