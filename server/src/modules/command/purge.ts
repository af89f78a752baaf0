/**
 * The command module's health data: the free-text replies recipients (or leaders on their
 * behalf) gave to the instructions of an emergency response — "收到，家中老人发烧" is a health fact
 * about a named person. Once the response has been closed for the retention period the reply text
 * is removed; the fact of the acknowledgement (who, when, which channel, on whose behalf) stays.
 */
import { registerPurger, type Purged } from '../../core/purgers';

export function registerCommandPurger() {
  registerPurger({
    name: 'command.replies',
    async purge(trx, { closedBefore }) {
      const closed = trx
        .selectFrom('commandInstructions')
        .innerJoin('commandResponses', 'commandResponses.id', 'commandInstructions.responseId')
        .select('commandInstructions.id')
        .where('commandResponses.endedAt', 'is not', null)
        .where('commandResponses.endedAt', '<', closedBefore);
      const rows = await trx
        .selectFrom('commandRecipients')
        .innerJoin('commandInstructions', 'commandInstructions.id', 'commandRecipients.instructionId')
        .select(['commandInstructions.villageId', (eb) => eb.fn.countAll<number>().as('n')])
        .where('commandRecipients.instructionId', 'in', closed)
        .where('commandRecipients.ackText', 'is not', null)
        .groupBy('commandInstructions.villageId')
        .execute();
      if (!rows.length) return [];
      await trx
        .updateTable('commandRecipients')
        .set({ ackText: null })
        .where('instructionId', 'in', closed)
        .where('ackText', 'is not', null)
        .execute();
      return rows.map((r): Purged => ({ villageId: r.villageId, counts: { replies: Number(r.n) } }));
    },
  });
}
