import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';

/** How long a database check answers for: a prober polling every few ms costs one query a second. */
export const HEALTH_CHECK_MS = 1000;

/**
 * The database check, shared: at most one `select 1` per second, however many probes ask, and
 * concurrent probes wait on the same one. A failed check is not kept: the next probe tries again.
 */
function databaseCheck(ctx: Ctx) {
  let last: { at: number; check: Promise<void> } | null = null;
  return () => {
    const now = performance.now();
    if (!last || now - last.at > HEALTH_CHECK_MS) {
      const check = sql`select 1`.execute(ctx.db).then(() => undefined);
      const entry = { at: now, check };
      last = entry;
      check.catch(() => {
        if (last === entry) last = null;
      });
    }
    return last.check;
  };
}

export const healthRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const checked = databaseCheck(ctx);
    app.get(
      '/health',
      {
        config: { policy: 'public' },
        schema: {
          tags: ['health'],
          summary: '运行状态 / Health',
          response: {
            200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), time: z.number() }),
          },
        },
      },
      async () => {
        await checked();
        return { status: 'ok' as const, database: ctx.database.backend, time: ctx.clock.now() };
      },
    );
  };
