import type { Ctx } from '../../context';

/** On first start with an empty database, load the demo village and print how to sign in. */
export async function ensureDemo(ctx: Ctx, print: (line: string) => void): Promise<void> {
  const any = await ctx.db.selectFrom('villages').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const { loadDemo } = await import('./load');
  const result = await loadDemo(ctx);
  print(`Loaded the demo village ${result.name} (${result.code}): ${result.households} households, ${result.units} units, ${result.residents} residents.`);
}
