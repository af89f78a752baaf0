import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { createStaffAccount, listAccounts, resetPassword, setAccountStatus } from './accounts';
import { issueActivationCode } from './activation';
import { browseAudit, exportAudit } from './audit-query';
import * as S from './schema';
import { fileResponse, XLSX } from '../../http/contracts';
import * as C from './contracts';

const tags = ['access'];
const manage = { policy: 'accounts.manage' as const };

export const adminRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/villages/:village/accounts',
      {
        config: manage,
        schema: { tags, summary: '账号管理 / Accounts', params: S.villageParams, response: { 200: C.accountList } },
      },
      async (req) => ({
        items: await listAccounts(ctx, callerOf(req)),
      }),
    );
    app.post(
      '/villages/:village/accounts',
      {
        config: manage,
        schema: {
          tags,
          summary: '为人员开通账号 / Create a staff account',
          params: S.villageParams,
          body: S.createAccountBody,
          response: { 201: C.createdAccount },
        },
      },
      async (req, reply) => reply.status(201).send(await createStaffAccount(ctx, callerOf(req), req.body)),
    );
    app.post(
      '/villages/:village/accounts/:accountId/reset',
      {
        config: manage,
        schema: {
          tags,
          summary: '重置密码 / Reset password',
          params: S.accountParams,
          response: { 200: C.issuedPassword },
        },
      },
      async (req) => resetPassword(ctx, callerOf(req), req.params),
    );
    app.post(
      '/villages/:village/accounts/:accountId/status',
      {
        config: manage,
        schema: {
          tags,
          summary: '停用或启用 / Disable or enable',
          params: S.accountParams,
          body: S.statusBody,
          response: { 200: C.accountStatusResult },
        },
      },
      async (req) => setAccountStatus(ctx, callerOf(req), { ...req.params, ...req.body }),
    );

    app.post(
      '/villages/:village/households/:householdId/activation-code',
      {
        config: { policy: 'activation.issue' },
        schema: {
          tags,
          summary: '签发村民激活码 / Issue a villager activation code',
          params: S.householdParams,
          body: S.issueCodeBody,
          response: { 201: C.activationCode },
        },
      },
      async (req, reply) =>
        reply.status(201).send(
          await issueActivationCode(ctx, callerOf(req), {
            householdId: req.params.householdId,
            phone: req.body?.phone,
          }),
        ),
    );

    app.get(
      '/villages/:village/audit',
      {
        config: { policy: 'audit.read' },
        schema: {
          tags,
          summary: '审计日志 / Audit log',
          params: S.villageParams,
          querystring: S.auditQuery,
          response: { 200: C.auditPage },
        },
      },
      async (req) => browseAudit(ctx, req.village!.id, req.query),
    );
    app.get(
      '/villages/:village/audit/export.xlsx',
      {
        config: { policy: 'audit.read', auditRead: true },
        schema: {
          tags,
          summary: '导出审计日志 / Export the audit log',
          params: S.villageParams,
          querystring: S.auditQuery,
          response: { 200: fileResponse('审计日志 / the audit log', XLSX) },
        },
      },
      async (req, reply) => {
        const buf = await exportAudit(ctx, req.village!.id, req.query);
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="audit-${req.village!.code}.xlsx"`)
          .send(buf);
      },
    );
  };
