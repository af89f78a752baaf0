/** The development channel: writes the message to the log (never a secret: there is none here). */
import { ok, type Channel } from './channel';

export const logChannel = (log: (line: string) => void = (l) => console.log(l)): Channel => ({
  name: 'log',
  idempotent: true, // a second log line delivers nothing to anyone
  async send(m) {
    log(`[outbound:log] ${m.id} → ${m.phone ?? m.accountId ?? '?'}: ${m.text}`);
    return ok;
  },
});
