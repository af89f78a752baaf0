import { loadConfig } from '../config';
import { makeCtx, type Ctx } from '../context';
import { cliCaller, type Caller } from '../core/caller';
import { systemClock } from '../lib/clock';
import { openConfigured } from '../main/open';
import { villageByCode } from '../modules/registry/villages';

/** Open the configured database for one CLI command, run it, close it. */
export async function withCtx<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const database = await openConfigured(loadConfig());
  try {
    return await fn(makeCtx(database, systemClock));
  } finally {
    await database.close();
  }
}

/** Print a result: stable JSON for scripts, or a human line. */
export const output = (json: boolean | undefined, value: unknown, human: () => string) =>
  console.log(json ? JSON.stringify(value, null, 2) : human());

/** The caller of a CLI command in the village named by its code: the audit log names the command. */
export const villageCaller = async (ctx: Ctx, code: string, command: string): Promise<Caller> =>
  cliCaller(await villageByCode(ctx.db, code), command);
