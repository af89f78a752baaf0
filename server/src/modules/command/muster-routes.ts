/** The muster routes (thin: parse, call the use case, answer). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { okResult } from '../../http/contracts';
import { callerOf } from '../../http/caller';
import { answerMuster, checkIn, closeMuster, recordArrival } from './muster-answer';
import { musterBoard } from './muster-board';
import * as C from './muster-contracts';
import { openMuster } from './muster-open';
import * as S from './muster-schema';
import { villageParams } from './schema';

const tags = ['command'];
const lead = { policy: 'command.lead' as const };
const respond = { policy: 'command.respond' as const };

export const musterRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const v = '/villages/:village/command/musters';
    const m = `${v}/:musterId`;
    app.post(
      v,
      {
        config: { ...lead, idempotent: true },
        schema: {
          tags,
          summary: '发起集结（可重试）/ Call a muster (retry-safe by Idempotency-Key)',
          params: villageParams,
          body: S.openMusterBody,
          response: { 200: C.muster, 201: C.muster },
        },
      },
      async (req, reply) => reply.status(201).send(await openMuster(ctx, callerOf(req), req.body)),
    );
    app.get(
      m,
      {
        config: lead,
        schema: {
          tags,
          summary: '集结看板 / The muster board',
          params: S.musterParams,
          response: { 200: C.musterBoard },
        },
      },
      async (req) => musterBoard(ctx, callerOf(req), req.params.musterId),
    );
    app.post(
      `${m}/answer`,
      {
        config: { ...respond, idempotent: true },
        schema: {
          tags,
          summary: '回复集结：在路上 / 无法到场 / Answer: on my way, or cannot come (with a reason)',
          params: S.musterParams,
          body: S.musterAnswerBody,
          response: { 200: C.musterPerson },
        },
      },
      async (req) => answerMuster(ctx, callerOf(req), req.params.musterId, req.body),
    );
    app.post(
      `${m}/check-in`,
      {
        config: { ...respond, idempotent: true },
        schema: {
          tags,
          summary: '扫码签到 / Arrived: the check-in code of the place',
          params: S.musterParams,
          body: S.checkInBody,
          response: { 200: C.musterPerson },
        },
      },
      async (req) => checkIn(ctx, callerOf(req), req.params.musterId, req.body.token),
    );
    app.post(
      `${m}/arrivals`,
      {
        config: { ...lead, idempotent: true },
        schema: {
          tags,
          summary: '现场登记到达 / A leader at the place records an arrival',
          params: S.musterParams,
          body: S.recordArrivalBody,
          response: { 200: C.musterPerson },
        },
      },
      async (req) => recordArrival(ctx, callerOf(req), req.params.musterId, req.body.personId),
    );
    app.post(
      `${m}/close`,
      {
        config: lead,
        schema: { tags, summary: '结束集结 / Close the muster', params: S.musterParams, response: { 200: okResult } },
      },
      async (req) => closeMuster(ctx, callerOf(req), req.params.musterId),
    );
  };
