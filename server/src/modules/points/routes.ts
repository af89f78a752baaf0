import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { badRequest } from '../../lib/errors';
import { safeFileName } from '../../lib/text';
import { allows } from '../access/policies';
import { householdInScope } from '../registry/scoped';
import { board, verifyBoard } from './board';
import { loadEvidence, storeEvidence } from './evidence';
import { createRule, listRules, reviseRule, ruleVersions } from './catalogue';
import { importCatalogue } from './catalogue-import';
import { memberInScope } from './members';
import { listObjections } from './objection-list';
import { listMyProposals } from './proposal-list';
import { propose } from './propose';
import { fileReport, listReports, ruleReport } from './reports';
import { appeal, approve, object, reject, ruleAppeal, ruleObjection, withdraw } from './review';
import * as S from './schema';
import { getSettings } from './settings';
import { presentSettings, updateSettings } from './settings-write';
import { getSettlement, settle, settlementXlsx } from './settlement';
import { cancelRedemption, confirmPickup, createItem, listItems, listRedemptions, redeem, updateItem } from './shop';
import { accountView, charts, myPoints, reviewQueue } from './views';
import { fileResponse, XLSX } from '../../http/contracts';
import * as C from './contracts';

const tags = ['points'];
const P = (
  policy:
    | 'points.read'
    | 'points.propose'
    | 'points.review'
    | 'points.manage'
    | 'points.appeal'
    | 'shop.redeem'
    | 'shop.pickup',
) => ({ policy });

export const pointsRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const v = '/villages/:village/points';

    // The village board and one's own account.
    app.get(
      `${v}/board`,
      {
        config: P('points.read'),
        schema: { tags, summary: '积分公示栏 / The points board', params: S.villageParams, response: { 200: C.board } },
      },
      async (req) => board(ctx, req.village!.id),
    );
    app.get(
      `${v}/verify`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '校验公示哈希链 / Verify the board’s hash chain',
          params: S.villageParams,
          response: { 200: C.verifyResult },
        },
      },
      async (req) => verifyBoard(ctx.db, req.village!.id),
    );
    app.get(
      `${v}/me`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '我的积分及变动原因 / My points and why they changed',
          params: S.villageParams,
          response: { 200: C.accountView },
        },
      },
      async (req) => myPoints(ctx, req.village!, req.actor!),
    );
    app.get(
      `${v}/accounts`,
      {
        config: P('points.propose'),
        schema: {
          tags,
          summary: '某户或某网格员的积分账户 / An account',
          params: S.villageParams,
          querystring: S.accountQuery,
          response: { 200: C.accountView },
        },
      },
      async (req) => {
        if (req.query.householdId) {
          await householdInScope(ctx.db, req.village!.id, req.scope, req.query.householdId);
          return accountView(ctx, req.village!, req.actor!, { kind: 'household', householdId: req.query.householdId });
        }
        if (req.query.personId) {
          await memberInScope(ctx.db, req.village!.id, callerOf(req), req.query.personId, 'personId');
          return accountView(ctx, req.village!, req.actor!, { kind: 'member', personId: req.query.personId });
        }
        throw badRequest('OWNER_REQUIRED', '请指定户或网格员', 'Name a household or a grid member', 'householdId');
      },
    );
    app.get(
      `${v}/rules`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '积分细则 / The rule catalogue',
          params: S.villageParams,
          response: { 200: C.ruleList },
        },
      },
      async (req) => ({ items: await listRules(ctx, req.village!.id) }),
    );
    app.get(
      `${v}/rules/:code/versions`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '细则的历次版本 / Every version of a rule',
          params: S.codeParams,
          response: { 200: C.ruleVersionList },
        },
      },
      async (req) => ({ items: await ruleVersions(ctx, req.village!.id, req.params.code) }),
    );
    app.get(
      `${v}/settings`,
      {
        config: P('points.read'),
        schema: { tags, summary: '积分设置 / Settings', params: S.villageParams, response: { 200: C.settings } },
      },
      async (req) => presentSettings(await getSettings(ctx.db, req.village!.id)),
    );

    // Evidence photos.
    app.post(
      `${v}/evidence`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '上传证据照片 / Upload an evidence photo',
          params: S.villageParams,
          response: { 201: C.evidenceStored },
        },
      },
      async (req, reply) => {
        const part = req.isMultipart() ? await req.file() : undefined;
        if (!part)
          throw badRequest(
            'NO_FILE',
            '请上传照片（表单字段 file）',
            'Upload the photo as multipart field "file"',
            'file',
          );
        return reply.status(201).send(await storeEvidence(ctx, callerOf(req), await part.toBuffer()));
      },
    );
    app.get(
      `${v}/evidence/:id`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '查看证据照片 / An evidence photo',
          params: S.idParams,
          response: { 200: fileResponse('证据照片 / the photo', 'image/jpeg', 'image/png', 'image/webp') },
        },
      },
      async (req, reply) => {
        const f = await loadEvidence(ctx, req.village!.id, req.params.id);
        return reply
          .header('content-type', f.contentType)
          .header('cache-control', 'private, max-age=86400')
          .send(f.data);
      },
    );

    // Proposing and reviewing.
    app.post(
      `${v}/entries`,
      {
        config: { ...P('points.propose'), idempotent: true },
        schema: {
          tags,
          summary: '提出积分（可重试：同一 id 只记一次）/ Propose an entry (retry-safe by id)',
          params: S.villageParams,
          body: S.proposeBody,
          response: { 200: C.entry, 201: C.entry },
        },
      },
      async (req, reply) => reply.status(201).send(await propose(ctx, callerOf(req), req.body)),
    );
    app.get(
      `${v}/entries`,
      {
        config: P('points.propose'),
        schema: {
          tags,
          summary: '我提出的积分（?mine=1）/ My proposals (?mine=1)',
          params: S.villageParams,
          querystring: S.proposalsQuery,
          response: { 200: C.proposalList },
        },
      },
      async (req) => {
        if (!req.query.mine)
          throw badRequest(
            'MINE_REQUIRED',
            '请用 mine=1 列出自己提出的积分',
            'Use mine=1 to list your own proposals',
            'mine',
          );
        return {
          items: await listMyProposals(ctx, req.village!, req.actor!, {
            statuses: req.query.status,
            limit: req.query.limit,
          }),
        };
      },
    );
    app.get(
      `${v}/queue`,
      {
        config: P('points.review'),
        schema: {
          tags,
          summary: '待审核与异议 / Review queue',
          params: S.villageParams,
          response: { 200: C.reviewQueue },
        },
      },
      async (req) => reviewQueue(ctx, req.village!.id, req.actor!),
    );
    app.post(
      `${v}/entries/:id/approve`,
      {
        config: P('points.review'),
        schema: {
          tags,
          summary: '审核通过 / Approve',
          params: S.idParams,
          body: S.noteBody,
          response: { 200: C.entry },
        },
      },
      async (req) => approve(ctx, callerOf(req), { entryId: req.params.id, note: req.body?.note }),
    );
    app.post(
      `${v}/entries/:id/reject`,
      {
        config: P('points.review'),
        schema: { tags, summary: '驳回 / Reject', params: S.idParams, body: S.reasonBody, response: { 200: C.entry } },
      },
      async (req) => reject(ctx, callerOf(req), { entryId: req.params.id, reason: req.body.reason }),
    );

    app.post(
      `${v}/entries/:id/withdraw`,
      {
        config: P('points.propose'),
        schema: {
          tags,
          summary: '撤回自己的提议 / Withdraw one’s own proposal',
          params: S.idParams,
          response: { 200: C.entryState },
        },
      },
      async (req) => withdraw(ctx, callerOf(req), { entryId: req.params.id }),
    );

    // Objections and appeals.
    app.post(
      `${v}/entries/:id/objections`,
      {
        config: { ...P('points.read'), idempotent: true },
        schema: {
          tags,
          summary: '提出异议（可重试：同一 id 只记一次）/ Object during publication (retry-safe by id)',
          params: S.idParams,
          body: S.objectionBody,
          response: { 200: C.objectionCreated, 201: C.objectionCreated },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await object(ctx, callerOf(req), { entryId: req.params.id, reason: req.body.reason })),
    );
    app.get(
      `${v}/objections`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary:
            '异议（评定员、总格长看全部，其他人看自己的）/ Objections (all for those who rule, one’s own for others)',
          params: S.villageParams,
          querystring: S.objectionsQuery,
          response: { 200: C.objectionList },
        },
      },
      async (req) => ({
        items: await listObjections(ctx, req.village!, req.actor!, {
          statuses: req.query.status,
          mine: req.query.mine,
        }),
      }),
    );
    app.post(
      `${v}/objections/:id/ruling`,
      {
        config: P('points.review'),
        schema: {
          tags,
          summary: '裁定异议 / Rule on an objection',
          params: S.idParams,
          body: S.rulingBody,
          response: { 200: C.rulingResult },
        },
      },
      async (req) => ruleObjection(ctx, callerOf(req), { objectionId: req.params.id, ...req.body }),
    );
    app.post(
      `${v}/objections/:id/appeal`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '向总格长申诉 / Appeal to the chief',
          params: S.idParams,
          body: S.reasonBody,
          response: { 200: C.appealResult },
        },
      },
      async (req) => appeal(ctx, callerOf(req), { objectionId: req.params.id, reason: req.body.reason }),
    );
    app.post(
      `${v}/objections/:id/appeal-ruling`,
      {
        config: P('points.appeal'),
        schema: {
          tags,
          summary: '总格长裁定申诉 / The chief rules on an appeal',
          params: S.idParams,
          body: S.appealRulingBody,
          response: { 200: C.rulingResult },
        },
      },
      async (req) => ruleAppeal(ctx, callerOf(req), { objectionId: req.params.id, ...req.body }),
    );

    // Villager reports.
    app.post(
      `${v}/reports`,
      {
        config: { ...P('points.read'), idempotent: true },
        schema: {
          tags,
          summary: '举报网格员（可重试：同一 id 只记一次）/ Report a grid member (retry-safe by id)',
          params: S.villageParams,
          body: S.reportBody,
          response: { 200: C.reportCreated, 201: C.reportCreated },
        },
      },
      async (req, reply) => reply.status(201).send(await fileReport(ctx, callerOf(req), req.body)),
    );
    app.get(
      `${v}/reports`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '举报（按身份可见）/ Reports (as each party may see them)',
          params: S.villageParams,
          response: { 200: C.reportList },
        },
      },
      async (req) => ({ items: await listReports(ctx, req.village!, req.actor!) }),
    );
    app.post(
      `${v}/reports/:id/ruling`,
      {
        config: P('points.review'),
        schema: {
          tags,
          summary: '查处举报 / Rule on a report',
          params: S.idParams,
          body: S.reportRulingBody,
          response: { 200: C.reportRulingResult },
        },
      },
      async (req) => ruleReport(ctx, callerOf(req), { reportId: req.params.id, ...req.body }),
    );

    // Catalogue, settings, settlement.
    app.post(
      `${v}/rules`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '新增细则 / Add a rule',
          params: S.villageParams,
          body: S.ruleBody,
          response: { 201: C.rule },
        },
      },
      async (req, reply) => reply.status(201).send(await createRule(ctx, callerOf(req), req.body)),
    );
    app.post(
      `${v}/rules/import`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '从表格导入细则（xlsx/csv）/ Import the catalogue from a spreadsheet',
          params: S.villageParams,
          querystring: S.dryRunQuery,
          response: { 200: C.catalogueImport },
        },
      },
      async (req) => {
        const part = req.isMultipart() ? await req.file() : undefined;
        if (!part)
          throw badRequest(
            'NO_FILE',
            '请上传表格文件（表单字段 file）',
            'Upload the spreadsheet as multipart field "file"',
            'file',
          );
        return importCatalogue(ctx, callerOf(req), {
          fileName: safeFileName(part.filename, 'rules'),
          data: await part.toBuffer(),
          dryRun: req.query.dryRun,
        });
      },
    );
    app.put(
      `${v}/rules/:code`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '修订细则（新版本）/ Revise a rule (new version)',
          params: S.codeParams,
          body: S.reviseBody,
          response: { 200: C.rule },
        },
      },
      async (req) => reviseRule(ctx, callerOf(req), { ...req.body, code: req.params.code }),
    );
    app.put(
      `${v}/settings`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '修改设置 / Change settings',
          params: S.villageParams,
          body: S.settingsBody,
          response: { 200: C.settings },
        },
      },
      async (req) => updateSettings(ctx, callerOf(req), req.body),
    );
    app.get(
      `${v}/charts`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '按网格、按月统计 / Points by grid and by month',
          params: S.villageParams,
          response: { 200: C.charts },
        },
      },
      async (req) => charts(ctx, req.village!),
    );
    app.post(
      `${v}/settlement`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '年终结算（每年一次）/ Year-end settlement (once)',
          params: S.villageParams,
          body: S.settleBody,
          response: { 200: C.settleResult },
        },
      },
      async (req) => settle(ctx, callerOf(req), { period: req.body.period }),
    );
    app.get(
      `${v}/settlements/:period`,
      {
        config: P('points.manage'),
        schema: { tags, summary: '结算结果 / A settlement', params: S.periodParams, response: { 200: C.settlement } },
      },
      async (req) => getSettlement(ctx, req.village!, req.params.period),
    );
    app.get(
      `${v}/settlements/:period/export.xlsx`,
      {
        config: { ...P('points.manage'), auditRead: true },
        schema: {
          tags,
          summary: '导出兑付与奖励名单 / Export payouts and rewards',
          params: S.periodParams,
          response: { 200: fileResponse('兑付与奖励名单 / payouts and rewards', XLSX) },
        },
      },
      async (req, reply) =>
        reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="settlement-${req.params.period}.xlsx"`)
          .send(await settlementXlsx(ctx, req.village!, req.params.period)),
    );

    // The points shop.
    app.get(
      `${v}/shop/items`,
      {
        config: P('points.read'),
        schema: {
          tags,
          summary: '积分超市商品（管理者可用 all=1 看下架的）/ Shop goods (all=1: managers also see goods taken off)',
          params: S.villageParams,
          querystring: S.itemsQuery,
          response: { 200: C.shopItemList },
        },
      },
      async (req) => ({
        items: await listItems(ctx, req.village!.id, req.query.all && allows(req.actor!, 'points.manage')),
      }),
    );
    app.post(
      `${v}/shop/items`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '上架商品 / Add goods',
          params: S.villageParams,
          body: S.itemBody,
          response: { 201: C.shopItem },
        },
      },
      async (req, reply) => reply.status(201).send(await createItem(ctx, callerOf(req), req.body)),
    );
    app.patch(
      `${v}/shop/items/:id`,
      {
        config: P('points.manage'),
        schema: {
          tags,
          summary: '调整价格、库存，下架或重新上架 / Change price or stock, take off or put back',
          params: S.idParams,
          body: S.itemUpdateBody,
          response: { 200: C.shopItem },
        },
      },
      async (req) => updateItem(ctx, callerOf(req), { itemId: req.params.id, ...req.body }),
    );
    app.post(
      `${v}/shop/redemptions`,
      {
        config: { ...P('shop.redeem'), idempotent: true },
        schema: {
          tags,
          summary: '兑换（可重试：同一 id 只兑一次）/ Redeem (retry-safe by id)',
          params: S.villageParams,
          body: S.redeemBody,
          response: { 200: C.redemptionCreated, 201: C.redemptionCreated },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await redeem(ctx, callerOf(req), { itemId: req.body.itemId, householdId: req.body.householdId })),
    );
    app.get(
      `${v}/shop/redemptions`,
      {
        config: P('shop.pickup'),
        schema: {
          tags,
          summary: '待领取 / Redemptions waiting for pick-up',
          params: S.villageParams,
          response: { 200: C.redemptionList },
        },
      },
      async (req) => ({ items: await listRedemptions(ctx, req.village!.id, { status: 'reserved', scope: req.scope }) }),
    );
    app.post(
      `${v}/shop/redemptions/:id/pickup`,
      {
        config: P('shop.pickup'),
        schema: {
          tags,
          summary: '确认领取 / Confirm pick-up',
          params: S.idParams,
          response: { 200: C.redemptionState },
        },
      },
      async (req) => confirmPickup(ctx, callerOf(req), { redemptionId: req.params.id }),
    );
    app.post(
      `${v}/shop/redemptions/:id/cancel`,
      {
        config: P('shop.redeem'),
        schema: {
          tags,
          summary: '取消兑换，积分退回 / Cancel; points come back',
          params: S.idParams,
          response: { 200: C.redemptionState },
        },
      },
      async (req) => cancelRedemption(ctx, callerOf(req), { redemptionId: req.params.id }),
    );
  };
