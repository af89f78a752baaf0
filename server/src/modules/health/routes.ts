import { z } from 'zod';
import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';

export const healthRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
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
        await sql`select 1`.execute(ctx.db);
        return { status: 'ok' as const, database: ctx.database.backend, time: ctx.clock.now() };
      },
    );
  };
