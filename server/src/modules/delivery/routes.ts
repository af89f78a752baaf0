/** The delivery routes: a village's channel settings, and the app's Web Push registration. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { villageOf } from '../../core/caller';
import { okResult } from '../../http/contracts';
import { callerOf } from '../../http/caller';
import * as C from './contracts';
import * as S from './schema';
import { deliverySettings, maskedSettings } from './settings';
import { putDeliverySettings } from './settings-write';
import { subscribe, unsubscribe } from './subscriptions';
import { vapidKeys } from './vapid';

const tags = ['delivery'];
const settingsPolicy = { policy: 'command.settings' as const };
const self = { policy: 'self' as const };

export const deliveryRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const s = '/villages/:village/command/delivery';
    app.get(
      s,
      {
        config: settingsPolicy,
        schema: {
          tags,
          summary: '外发渠道设置 / Delivery channels (secrets masked)',
          params: S.villageParams,
          response: { 200: C.settings },
        },
      },
      async (req) => maskedSettings(await deliverySettings(ctx.db, villageOf(callerOf(req)).id)),
    );
    app.put(
      s,
      {
        config: settingsPolicy,
        schema: {
          tags,
          summary: '设置外发渠道 / Set the delivery channels',
          params: S.villageParams,
          body: S.settingsBody,
          response: { 200: C.settings },
        },
      },
      async (req) => putDeliverySettings(ctx, callerOf(req), req.body),
    );
    app.get(
      '/push/vapid-public-key',
      {
        config: self,
        schema: { tags, summary: 'Web Push 公钥 / The VAPID public key', response: { 200: C.vapidPublicKey } },
      },
      async () => ({ publicKey: (await vapidKeys(ctx)).publicKey }),
    );
    app.post(
      '/push/subscriptions',
      {
        config: self,
        schema: {
          tags,
          summary: '登记推送订阅 / Register this app’s push subscription',
          body: S.subscriptionBody,
          response: { 201: C.subscription },
        },
      },
      async (req, reply) => reply.status(201).send(await subscribe(ctx, callerOf(req), req.body)),
    );
    app.post(
      '/push/subscriptions/remove',
      {
        config: self,
        schema: {
          tags,
          summary: '取消推送订阅 / Drop a push subscription',
          body: S.unsubscribeBody,
          response: { 200: okResult },
        },
      },
      async (req) => unsubscribe(ctx, callerOf(req), req.body.endpoint),
    );
  };
