/** The routes of notices to every household (thin: parse, call the use case, answer). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { noticeCoverage } from './notice-board';
import * as C from './notice-contracts';
import { markHousehold } from './notice-mark';
import { myNoticeList } from './notice-my-list';
import { openNotice } from './notice-open';
import * as S from './notice-schema';
import { villageParams } from './schema';

const tags = ['command'];
const lead = { policy: 'command.lead' as const };
const respond = { policy: 'command.respond' as const };

export const noticeRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const v = '/villages/:village/command/notices';
    const n = `${v}/:noticeId`;
    app.post(
      v,
      {
        config: { ...lead, idempotent: true },
        schema: {
          tags,
          summary: '发布通知到户（可重试）/ A notice every household must get (retry-safe)',
          params: villageParams,
          body: S.openNoticeBody,
          response: { 200: C.notice, 201: C.notice },
        },
      },
      async (req, reply) => reply.status(201).send(await openNotice(ctx, callerOf(req), req.body)),
    );
    app.get(
      n,
      {
        config: lead,
        schema: {
          tags,
          summary: '通知覆盖情况 / Coverage per grid and node',
          params: S.noticeParams,
          response: { 200: C.coverage },
        },
      },
      async (req) => noticeCoverage(ctx, callerOf(req), req.params.noticeId),
    );
    app.get(
      `${n}/my-list`,
      {
        config: respond,
        schema: {
          tags,
          summary: '我的未通知住户 / My households not yet reached (reveal=true: full phones, audited)',
          params: S.noticeParams,
          querystring: S.myListQuery,
          response: { 200: C.myList },
        },
      },
      async (req) => myNoticeList(ctx, callerOf(req), req.params.noticeId, req.query.reveal === 'true'),
    );
    app.post(
      `${n}/households/:householdId/mark`,
      {
        config: { ...respond, idempotent: true },
        schema: {
          tags,
          summary:
            '标记已通知 / 无法通知（可重试：同一 id 只记一次）/ Mark reached or not reachable (retry-safe by id)',
          params: S.noticeHouseholdParams,
          body: S.markBody,
          response: { 200: C.markResult },
        },
      },
      async (req) => markHousehold(ctx, callerOf(req), req.params.noticeId, req.params.householdId, req.body),
    );
  };
