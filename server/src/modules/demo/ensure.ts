import type { Ctx } from '../../context';
import { cliCaller } from '../../core/caller';
import { createDemoAccounts, DEMO_PASSWORD } from './accounts';
import { createDemoPoints } from './points';

/** On first start with an empty database, load the demo village and print how to sign in. */
export async function ensureDemo(ctx: Ctx, print: (line: string) => void): Promise<void> {
  const any = await ctx.db.selectFrom('villages').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const { loadDemo } = await import('./load');
  const result = await loadDemo(ctx, { caller: cliCaller(null, 'serve (first start)') });
  const logins = await createDemoAccounts(ctx, result.code);
  await createDemoPoints(ctx, result.villageId);
  print(
    `Loaded the demo village ${result.name} (${result.code}): ${result.households} households, ${result.units} units, ${result.residents} residents.`,
  );
  print(`Demo sign-ins 演示账号 (password 密码: ${DEMO_PASSWORD}):`);
  for (const l of logins) print(`  ${l.who.padEnd(34)} ${l.login}  ${l.name}`);
}
