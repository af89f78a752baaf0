import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../context';
import { healthRoutes } from '../modules/health/routes';

/** Every area registers its routes here, under /api. */
export const apiRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(healthRoutes(ctx));
  };
