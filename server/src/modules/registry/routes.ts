import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { badRequest } from '../../lib/errors';
import { coverageAt } from './coverage';
import { createHousehold, updateHousehold, type PlaceInGrid } from './household-write';
import { householdPage, searchHouseholds } from './households';
import { listPlaces, listVillages, villageOverview } from './overview';
import { listPeople } from './people';
import { createResident, revealResident, searchResidents, updateResident } from './residents';
import * as S from './schema';
import { householdInScope } from './scoped';
import * as C from './contracts';

const tags = ['registry'];
const read = { policy: 'village.read' as const };
const write = { policy: 'village.write' as const };

/** Parse an instant given as a date (start of that day, China time) or an ISO timestamp. */
function parseAt(at: string): number {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(at) ? Date.parse(`${at}T00:00:00+08:00`) : Date.parse(at);
  if (Number.isNaN(t)) throw badRequest('INVALID_DATE', '日期格式不正确', 'Invalid date', 'at');
  return t;
}

export interface RegistryDeps {
  /** Covers a new household by the grid named (the structures module: coverage is its to write). */
  placeInGrid: PlaceInGrid;
}

export const registryRoutes =
  (ctx: Ctx, deps: RegistryDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/places',
      {
        config: { policy: 'places.read' },
        schema: {
          tags: ['places'],
          summary: '镇、区及汇总（无个人信息） / Places with aggregates',
          response: { 200: C.placeList },
        },
      },
      async (req) => ({
        items: await listPlaces(ctx, callerOf(req)),
      }),
    );
    app.get(
      '/villages',
      {
        config: { policy: 'self' },
        schema: { tags: ['places'], summary: '我可见的村 / Villages I can see', response: { 200: C.villageList } },
      },
      async (req) => ({ items: await listVillages(ctx, callerOf(req)) }),
    );
    app.get(
      '/villages/:village',
      {
        config: { policy: 'village.overview' },
        schema: {
          tags,
          summary: '村概况（计数） / Village overview (counts)',
          params: S.villageParams,
          response: { 200: C.overview },
        },
      },
      async (req) => villageOverview(ctx, callerOf(req)),
    );

    app.get(
      '/villages/:village/households',
      {
        config: read,
        schema: {
          tags,
          summary: '查户 / Search households and units',
          params: S.villageParams,
          querystring: S.householdQuery,
          response: { 200: C.householdList },
        },
      },
      async (req) => searchHouseholds(ctx, callerOf(req), req.query),
    );
    app.post(
      '/villages/:village/households',
      {
        config: write,
        schema: {
          tags,
          summary: '新建户或单位 / Create a household or unit',
          params: S.villageParams,
          body: S.householdBody,
          response: { 201: C.household },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createHousehold(ctx, callerOf(req), req.body, deps.placeInGrid)),
    );
    app.get(
      '/villages/:village/households/:householdId',
      {
        config: read,
        schema: {
          tags,
          summary: '户详情 / Household page',
          params: S.householdParams,
          response: { 200: C.householdPageResponse },
        },
      },
      async (req) => householdPage(ctx, callerOf(req), { householdId: req.params.householdId }),
    );
    app.put(
      '/villages/:village/households/:householdId',
      {
        config: write,
        schema: {
          tags,
          summary: '修改户 / Update a household',
          params: S.householdParams,
          body: S.householdBody.omit({ gridId: true }),
          response: { 200: C.household },
        },
      },
      async (req) => updateHousehold(ctx, callerOf(req), { ...req.body, householdId: req.params.householdId }),
    );
    app.get(
      '/villages/:village/households/:householdId/coverage',
      {
        config: { policy: 'structure.read' },
        schema: {
          tags,
          summary: '某日由哪个网格、哪位网格员负责 / Who covered it on a date',
          params: S.householdParams,
          querystring: S.coverageQuery,
          response: { 200: C.coverageAt },
        },
      },
      async (req) => {
        await householdInScope(ctx.db, req.village!.id, req.scope, req.params.householdId);
        const at = parseAt(req.query.at);
        return { at, coverage: await coverageAt(ctx.db, req.village!.id, req.params.householdId, at) };
      },
    );

    app.get(
      '/villages/:village/residents',
      {
        config: read,
        schema: {
          tags,
          summary: '查居民 / Search residents',
          params: S.villageParams,
          querystring: S.residentQuery,
          response: { 200: C.residentList },
        },
      },
      async (req) => searchResidents(ctx, callerOf(req), req.query),
    );
    app.post(
      '/villages/:village/residents',
      {
        config: write,
        schema: {
          tags,
          summary: '登记居民 / Register a resident',
          params: S.villageParams,
          body: S.residentBody,
          response: { 201: C.resident },
        },
      },
      async (req, reply) => reply.status(201).send(await createResident(ctx, callerOf(req), req.body)),
    );
    app.put(
      '/villages/:village/residents/:residentId',
      {
        config: write,
        schema: {
          tags,
          summary: '修改居民 / Update a resident',
          params: S.residentParams,
          body: S.residentBody,
          response: { 200: C.resident },
        },
      },
      async (req) => updateResident(ctx, callerOf(req), { ...req.body, residentId: req.params.residentId }),
    );
    app.post(
      '/villages/:village/residents/:residentId/reveal',
      {
        config: { policy: 'person.reveal' },
        schema: {
          tags,
          summary: '查看完整身份证号与电话（留痕） / Reveal full numbers (audited)',
          params: S.residentParams,
          response: { 200: C.revealedResident },
        },
      },
      async (req) => revealResident(ctx, callerOf(req), { residentId: req.params.residentId }),
    );

    app.get(
      '/villages/:village/people',
      {
        config: { policy: 'structure.read' },
        schema: {
          tags,
          summary: '人员（含岗位与职责标签） / Staff with posts and duty tags',
          params: S.villageParams,
          querystring: S.peopleQuery,
          response: { 200: C.personList },
        },
      },
      async (req) =>
        listPeople(ctx, callerOf(req), {
          q: req.query.q,
          reserve: req.query.reserve === undefined ? undefined : req.query.reserve === '1',
          unposted: req.query.unposted === '1',
          structure: req.query.structure,
        }),
    );
  };
