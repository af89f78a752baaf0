import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../context';
import { healthRoutes } from '../modules/health/routes';
import { authRoutes } from '../modules/access/auth-routes';
import { adminRoutes } from '../modules/access/admin-routes';
import { importRoutes } from '../modules/import/routes';
import { registryRoutes } from '../modules/registry/routes';
import { placeInGrid } from '../modules/structures/placement';
import { structureRoutes } from '../modules/structures/routes';
import { pointsRoutes } from '../modules/points/routes';
import { commandRoutes } from '../modules/command/routes';
import { deliveryRoutes } from '../modules/delivery/routes';
import { musterRoutes } from '../modules/command/muster-routes';
import { noticeRoutes } from '../modules/command/notice-routes';
import { eventRoutes, type StreamOptions } from '../modules/events/routes';

/** Every area registers its routes here, under /api. */
export const apiRoutes =
  (ctx: Ctx, opts: { signInPerMinute: number; events?: StreamOptions }): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(healthRoutes(ctx));
    await app.register(authRoutes(ctx, opts.signInPerMinute), { prefix: '/v1' });
    await app.register(adminRoutes(ctx), { prefix: '/v1' });
    // Uploads (spreadsheets, evidence photos) only here: the multipart plugin's hooks run on every
    // request of the context it is registered in, so the other areas do not carry them.
    await app.register(
      async (uploads) => {
        await uploads.register(multipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
        await uploads.register(importRoutes(ctx));
        await uploads.register(pointsRoutes(ctx));
      },
      { prefix: '/v1' },
    );
    await app.register(registryRoutes(ctx, { placeInGrid }), { prefix: '/v1' });
    await app.register(structureRoutes(ctx), { prefix: '/v1' });
    await app.register(commandRoutes(ctx), { prefix: '/v1' });
    await app.register(deliveryRoutes(ctx), { prefix: '/v1' });
    await app.register(musterRoutes(ctx), { prefix: '/v1' });
    await app.register(noticeRoutes(ctx), { prefix: '/v1' });
    await app.register(eventRoutes(ctx, opts.events), { prefix: '/v1' });
  };
