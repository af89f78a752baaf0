/** The command routes (thin: parse, call the use case, answer). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { ackOnBehalf } from './ack-on-behalf';
import { acknowledge } from './acknowledge';
import { amendInstruction } from './amend';
import { instructionBoard } from './board';
import { cancelInstruction } from './cancel';
import { closeResponse } from './close-response';
import * as C from './contracts';
import { markState } from './mark-state';
import { openResponse } from './open-response';
import * as S from './schema';
import { sendInstruction } from './send-instruction';
import { responseTimeline } from './timeline';

const tags = ['command'];
const lead = { policy: 'command.lead' as const };
const respond = { policy: 'command.respond' as const };

export const commandRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const v = '/villages/:village/command';
    const i = `${v}/instructions/:instructionId`;

    app.post(
      `${v}/responses`,
      {
        config: lead,
        schema: {
          tags,
          summary: '启动应急响应 / Open an emergency response',
          params: S.villageParams,
          body: S.openResponseBody,
          response: { 201: C.response },
        },
      },
      async (req, reply) => reply.status(201).send(await openResponse(ctx, callerOf(req), req.body)),
    );
    app.post(
      `${v}/responses/:responseId/close`,
      {
        config: lead,
        schema: {
          tags,
          summary: '结束应急响应 / Close a response',
          params: S.responseParams,
          body: S.closeResponseBody,
          response: { 200: C.response },
        },
      },
      async (req) => closeResponse(ctx, callerOf(req), req.params.responseId, req.body),
    );
    app.get(
      `${v}/responses/:responseId/timeline`,
      {
        config: lead,
        schema: {
          tags,
          summary: '应急响应复盘数据 / The timeline figures of a response',
          params: S.responseParams,
          response: { 200: C.timeline },
        },
      },
      async (req) => responseTimeline(ctx, callerOf(req), req.params.responseId),
    );

    app.post(
      `${v}/instructions`,
      {
        config: { ...lead, idempotent: true },
        schema: {
          tags,
          summary: '下达指令（可重试）/ Send an instruction (retry-safe by Idempotency-Key)',
          params: S.villageParams,
          body: S.sendBody,
          response: { 200: C.instruction, 201: C.instruction },
        },
      },
      async (req, reply) => reply.status(201).send(await sendInstruction(ctx, callerOf(req), req.body)),
    );
    app.get(
      i,
      {
        config: lead,
        schema: {
          tags,
          summary: '指令回执看板 / The acknowledgement board',
          params: S.instructionParams,
          response: { 200: C.board },
        },
      },
      async (req) => instructionBoard(ctx, callerOf(req), req.params.instructionId),
    );
    app.post(
      `${i}/ack`,
      {
        config: { ...respond, idempotent: true },
        schema: {
          tags,
          summary: '回复收到（可重试：同一 id 只记一次）/ Acknowledge (retry-safe by id)',
          params: S.instructionParams,
          body: S.ackBody,
          response: { 200: C.ackResult },
        },
      },
      async (req) => acknowledge(ctx, callerOf(req), req.params.instructionId, req.body),
    );
    for (const state of ['delivered', 'read'] as const)
      app.post(
        `${i}/${state}`,
        {
          config: { ...respond, idempotent: true },
          schema: {
            tags,
            summary: state === 'delivered' ? '已送达 / Delivered to the app' : '已读 / Opened',
            params: S.instructionParams,
            body: S.stateBody,
            response: { 200: C.stateResult },
          },
        },
        async (req) => markState(ctx, callerOf(req), req.params.instructionId, state),
      );
    app.post(
      `${i}/ack-on-behalf`,
      {
        config: { ...lead, idempotent: true },
        schema: {
          tags,
          summary: '代为确认（电话已通知）/ Record an acknowledgement on someone’s behalf',
          params: S.instructionParams,
          body: S.onBehalfBody,
          response: { 200: C.ackResult },
        },
      },
      async (req) => ackOnBehalf(ctx, callerOf(req), req.params.instructionId, req.body),
    );
    app.post(
      `${i}/amend`,
      {
        config: lead,
        schema: {
          tags,
          summary: '补充指令（全员重新确认）/ Amend (everyone acknowledges again)',
          params: S.instructionParams,
          body: S.amendBody,
          response: { 200: C.instruction },
        },
      },
      async (req) => amendInstruction(ctx, callerOf(req), req.params.instructionId, req.body),
    );
    app.post(
      `${i}/cancel`,
      {
        config: lead,
        schema: { tags, summary: '撤销指令 / Cancel', params: S.instructionParams, response: { 200: C.instruction } },
      },
      async (req) => cancelInstruction(ctx, callerOf(req), req.params.instructionId),
    );
  };
