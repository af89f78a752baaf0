/**
 * Tests only (the server started with WANGGE_TEST_JOBS=1): a request that takes `ms` to answer,
 * so a test can have one in flight when the process is told to stop.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export const testRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/test/slow',
    {
      config: { policy: 'public' },
      schema: {
        hide: true,
        querystring: z.object({ ms: z.coerce.number().int().min(0).max(60_000) }),
        response: { 200: z.object({ sleptMs: z.number() }) },
      },
    },
    async (req) => {
      await new Promise((r) => setTimeout(r, req.query.ms));
      return { sleptMs: req.query.ms };
    },
  );
};
