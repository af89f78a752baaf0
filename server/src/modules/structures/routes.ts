import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { activate } from './activate';
import { densifyDraft } from './densify';
import { addNode, createDraft, deleteNode, discardDraft, updateNode } from './draft';
import { mergeGrids, moveHouseholds, splitGrid, unassignHouseholds } from './moves';
import { listStructures, structureDiff, uncovered, validationReport } from './queries';
import * as S from './schema';
import { appoint, endPost, replacePost } from './staffing';
import { structureTree } from './tree';
import { noContent } from '../../http/contracts';
import * as C from './contracts';

const tags = ['structures'];
const read = { policy: 'structure.read' as const };
const write = { policy: 'structure.write' as const };

export const structureRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    const base = '/villages/:village/structures';
    app.get(
      base,
      {
        config: read,
        schema: {
          tags,
          summary: '网格结构列表 / List structures',
          params: S.villageParams,
          response: { 200: C.structureList },
        },
      },
      async (req) => ({
        items: await listStructures(ctx, callerOf(req)),
      }),
    );
    app.post(
      base,
      {
        config: write,
        schema: {
          tags,
          summary: '新建草稿 / Create a draft',
          params: S.villageParams,
          body: S.createDraftBody,
          response: { 201: C.structure },
        },
      },
      async (req, reply) => reply.status(201).send(await createDraft(ctx, callerOf(req), req.body)),
    );
    app.get(
      `${base}/diff`,
      {
        config: read,
        schema: {
          tags,
          summary: '结构对比 / Diff two structures',
          params: S.villageParams,
          querystring: S.diffQuery,
          response: { 200: C.structureDiff },
        },
      },
      async (req) => structureDiff(ctx, callerOf(req), req.query),
    );
    app.get(
      `${base}/:structureId`,
      {
        config: read,
        schema: {
          tags,
          summary: '结构树（含户数与负责人） / Tree with counts and staff',
          params: S.structureParams,
          response: { 200: C.structureTree },
        },
      },
      async (req) => structureTree(ctx, callerOf(req), req.params),
    );
    app.delete(
      `${base}/:structureId`,
      {
        config: write,
        schema: {
          tags,
          summary: '放弃草稿 / Discard a draft',
          params: S.structureParams,
          response: { 204: noContent },
        },
      },
      async (req, reply) => {
        await discardDraft(ctx, callerOf(req), req.params);
        return reply.status(204).send();
      },
    );
    app.get(
      `${base}/:structureId/validation`,
      {
        config: read,
        schema: { tags, summary: '校验 / Validate', params: S.structureParams, response: { 200: C.validationReport } },
      },
      async (req) => validationReport(ctx, callerOf(req), req.params),
    );
    app.get(
      `${base}/:structureId/uncovered`,
      {
        config: read,
        schema: {
          tags,
          summary: '未覆盖的户 / Uncovered households',
          params: S.structureParams,
          response: { 200: C.uncoveredList },
        },
      },
      async (req) => ({
        items: await uncovered(ctx, callerOf(req), req.params),
      }),
    );
    app.post(
      `${base}/:structureId/activate`,
      {
        config: write,
        schema: { tags, summary: '启用 / Activate', params: S.structureParams, response: { 200: C.activateResult } },
      },
      async (req) => activate(ctx, callerOf(req), req.params),
    );
    app.post(
      `${base}/:structureId/nodes`,
      {
        config: write,
        schema: {
          tags,
          summary: '新建节点 / Add a node',
          params: S.structureParams,
          body: S.addNodeBody,
          response: { 201: C.node },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await addNode(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId })),
    );
    app.patch(
      `${base}/:structureId/nodes/:nodeId`,
      {
        config: write,
        schema: {
          tags,
          summary: '重命名节点 / Rename a node',
          params: S.nodeParams,
          body: S.updateNodeBody,
          response: { 200: C.node },
        },
      },
      async (req) => updateNode(ctx, callerOf(req), { ...req.body, ...req.params }),
    );
    app.delete(
      `${base}/:structureId/nodes/:nodeId`,
      {
        config: write,
        schema: {
          tags,
          summary: '删除空节点 / Delete an empty node',
          params: S.nodeParams,
          response: { 204: noContent },
        },
      },
      async (req, reply) => {
        await deleteNode(ctx, callerOf(req), req.params);
        return reply.status(204).send();
      },
    );
    app.post(
      `${base}/:structureId/moves`,
      {
        config: write,
        schema: {
          tags,
          summary: '调整住户网格 / Move households',
          params: S.structureParams,
          body: S.moveBody,
          response: { 200: C.movedResult },
        },
      },
      async (req) => moveHouseholds(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId }),
    );
    app.post(
      `${base}/:structureId/unassign`,
      {
        config: write,
        schema: {
          tags,
          summary: '移出网格 / Take households out of the draft',
          params: S.structureParams,
          body: S.unassignBody,
          response: { 200: C.removedResult },
        },
      },
      async (req) => unassignHouseholds(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId }),
    );
    app.post(
      `${base}/:structureId/split`,
      {
        config: write,
        schema: {
          tags,
          summary: '拆分网格 / Split a grid',
          params: S.structureParams,
          body: S.splitBody,
          response: { 201: C.node },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await splitGrid(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId })),
    );
    app.post(
      `${base}/:structureId/merge`,
      {
        config: write,
        schema: {
          tags,
          summary: '合并网格 / Merge grids',
          params: S.structureParams,
          body: S.mergeBody,
          response: { 200: C.node },
        },
      },
      async (req) => mergeGrids(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId }),
    );
    app.post(
      `${base}/:structureId/densify`,
      {
        config: write,
        schema: {
          tags,
          summary: '加密网格（预览或写入草稿） / Densify the grids of a draft (preview or write)',
          params: S.structureParams,
          body: S.densifyBody,
          response: { 200: C.densifyResult },
        },
      },
      async (req) => densifyDraft(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId }),
    );
    app.post(
      `${base}/:structureId/posts`,
      {
        config: write,
        schema: {
          tags,
          summary: '任命 / Appoint',
          params: S.structureParams,
          body: S.appointBody,
          response: { 201: C.post },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await appoint(ctx, callerOf(req), { ...req.body, structureId: req.params.structureId })),
    );
    app.post(
      `${base}/:structureId/posts/:postId/replace`,
      {
        config: write,
        schema: {
          tags,
          summary: '替换人员 / Replace the holder',
          params: S.postParams,
          body: S.replaceBody,
          response: { 200: C.post },
        },
      },
      async (req) => replacePost(ctx, callerOf(req), { ...req.body, ...req.params }),
    );
    app.delete(
      `${base}/:structureId/posts/:postId`,
      {
        config: write,
        schema: { tags, summary: '免去岗位 / End a post', params: S.postParams, response: { 204: noContent } },
      },
      async (req, reply) => {
        await endPost(ctx, callerOf(req), req.params);
        return reply.status(204).send();
      },
    );
  };
