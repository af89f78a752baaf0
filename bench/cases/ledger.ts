/**
 * The points ledger: posting entries with caps enforced (in batches, and one by one over HTTP),
 * against raw inserts of the same rows in the same run; and the year-end settlement of 100,000
 * accounts.
 */
import path from 'node:path';
import { profiled, summaryText } from '../lib/profile';
import { hashPassword } from '../../server/src/modules/access/passwords';
import { insertMany } from '../../server/src/db/bulk';
import { cliCaller } from '../../server/src/core/caller';
import { write } from '../../server/src/core/write';
import { buildApp } from '../../server/src/http/app';
import { newId } from '../../server/src/lib/ids';
import { createRule } from '../../server/src/modules/points/catalogue';
import { takeEffect, type EffectInput } from '../../server/src/modules/points/ledger';
import { ensurePoints, openPeriod } from '../../server/src/modules/points/settings';
import { settle } from '../../server/src/modules/points/settlement';
import type { BenchEnv, FreshDb } from '../lib/env';
import { elapsedMs, nowNs, summarize } from '../lib/timer';
import type { BenchCase, Row } from '../lib/types';

const ENTRIES = 100_000;
const HOUSEHOLDS = 10_000;
const HTTP_REQUESTS = 1_000;
const SETTLE_ACCOUNTS = 100_000;

/** A village with `households` households, its points set up, a chief (with a sign-in) at the root of an active structure. */
async function village(db: FreshDb, households: number) {
  const { ctx } = db;
  const now = Date.now();
  const villageId = newId();
  const row = {
    id: villageId,
    code: 'bench',
    name: '测试村',
    nameEn: null,
    placeId: null,
    path: '/bench/',
    createdAt: now,
  };
  await ctx.db.insertInto('villages').values(row).execute();
  const caller = cliCaller(row, 'bench');
  const structureId = newId();
  const rootId = newId();
  const personId = newId();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('structures')
      .values({
        id: structureId,
        villageId,
        name: 'bench',
        status: 'active',
        coverage: 'households',
        sizeMin: 1,
        sizeMax: 100_000,
        basedOn: null,
        note: null,
        createdAt: now,
        activatedAt: now,
        retiredAt: null,
      })
      .execute();
    await trx
      .insertInto('nodes')
      .values({
        id: rootId,
        villageId,
        structureId,
        parentId: null,
        kind: 'root',
        code: 'ROOT',
        name: '测试村',
        path: `/${rootId}/`,
        depth: 0,
        sort: 0,
      })
      .execute();
    await trx
      .insertInto('people')
      .values({
        id: personId,
        villageId,
        residentId: null,
        name: '总格长',
        phone: '13800000000',
        gender: null,
        partyMember: 1,
        dutyTags: '[]',
        reserve: 0,
        createdAt: now,
      })
      .execute();
    await trx
      .insertInto('posts')
      .values({
        id: newId(),
        villageId,
        structureId,
        nodeId: rootId,
        personId,
        role: 'chief',
        validFrom: now,
        validTo: null,
        createdAt: now,
      })
      .execute();
    await trx
      .insertInto('accounts')
      .values({
        id: newId(),
        kind: 'staff',
        login: '13800000000',
        displayName: '总格长',
        villageId,
        personId,
        householdId: null,
        placeId: null,
        passwordHash: await hashPassword('bench2026'),
        mustChangePassword: 0,
        status: 'active',
        failedLogins: 0,
        lockedUntil: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    const rows = Array.from({ length: households }, (_, i) => ({
      id: newId(),
      villageId,
      number: `B-${String(i).padStart(6, '0')}`,
      kind: 'household' as const,
      name: null,
      address: `测试村${i}号`,
      tags: '[]',
      lat: null,
      lng: null,
      createdAt: now,
      updatedAt: now,
    }));
    await insertMany(db.database, trx, 'households', rows);
  });
  await ensurePoints(ctx, villageId);
  await createRule(ctx, caller, {
    code: 'HP',
    accountKind: 'household',
    entryKind: 'positive',
    name: '庭院整洁',
    points: 5,
    evidenceRequired: false,
    periodLimit: null,
    proposers: ['chief'],
    needsReview: false,
    needsPublication: true,
  });
  const rule = await ctx.db
    .selectFrom('pointsRules')
    .selectAll()
    .where('villageId', '=', villageId)
    .executeTakeFirstOrThrow();
  const period = await openPeriod(ctx.db, villageId);
  const hh = await ctx.db.selectFrom('households').select('id').where('villageId', '=', villageId).execute();
  const accounts = hh.map((h) => ({
    id: newId(),
    villageId,
    periodId: period.id,
    kind: 'household' as const,
    personId: null,
    householdId: h.id,
    balance: 0,
    spent: 0,
    openedAt: now,
  }));
  await ctx.db.transaction().execute((trx) => insertMany(db.database, trx, 'pointsAccounts', accounts));
  return { villageId, caller, rule, period, accounts, households: hh, personId };
}

/** Raw reference: the same entry rows, one prepared statement, one transaction (SQLite) / multi-row inserts (PostgreSQL). */
async function rawEntries(db: FreshDb, v: Awaited<ReturnType<typeof village>>, n: number) {
  const now = Date.now();
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    villageId: v.villageId,
    periodId: v.period.id,
    accountId: v.accounts[i % v.accounts.length].id,
    kind: 'positive' as const,
    ruleId: v.rule.id,
    requested: 5,
    effective: 5,
    balanceAfter: 5,
    reason: '庭院整洁',
    evidence: '[]',
    status: 'final' as const,
    proposedBy: null,
    approvedBy: null,
    reviewNote: null,
    reverses: null,
    reportId: null,
    idempotencyKey: null,
    payloadHash: null,
    createdAt: now,
    decidedAt: now,
    publishedUntil: null,
    finalAt: now,
    seq: null,
    prevHash: null,
    hash: null,
  }));
  const start = nowNs();
  await db.ctx.db.transaction().execute((trx) => insertMany(db.database, trx, 'pointsEntries', rows));
  return n / (elapsedMs(start) / 1000);
}

async function batchPosting(env: BenchEnv): Promise<Row[]> {
  const refDb = await env.freshDb('ledger_raw');
  const refVillage = await village(refDb, HOUSEHOLDS);
  const raw = await rawEntries(refDb, refVillage, ENTRIES);
  await refDb.dispose();

  const db = await env.freshDb('ledger_batch');
  const v = await village(db, HOUSEHOLDS);
  const batch = 10_000;
  // The callers' entries (ids made, like the raw reference's rows) exist before the clock starts.
  const batches: EffectInput[][] = [];
  for (let done = 0; done < ENTRIES; done += batch)
    batches.push(
      Array.from({ length: batch }, (_, i) => ({
        id: newId(),
        existing: false,
        accountId: v.accounts[(done + i) % v.accounts.length].id,
        kind: 'positive',
        ruleId: v.rule.id,
        requested: 15,
        reason: '庭院整洁',
        evidence: [],
        status: 'published',
        proposedBy: null,
        approvedBy: null,
      })),
    );
  const post = async () => {
    for (const inputs of batches) {
      await write(db.ctx, v.caller, (w) => takeEffect(db.ctx, w, v.villageId, inputs));
    }
  };
  const start = nowNs();
  if (env.profile) {
    env.note(
      '⚠ Profiled run (--profile): batch posting ran under the CPU profiler, so its figure is slower than usual.',
    );
    const { summary } = await profiled(
      path.resolve('bench/out', `profile-${env.backend}-ledger-batch.cpuprofile`),
      post,
    );
    for (const line of summaryText(summary)) env.note(`batch posting: ${line}`);
  } else await post();
  const rate = ENTRIES / (elapsedMs(start) / 1000);
  // Every household was asked 10 × 15 points: the cap of 100 clips the seventh entry and refuses the rest.
  const capped = await db.ctx.db
    .selectFrom('pointsAccounts')
    .select((eb) => eb.fn.max('balance').as('m'))
    .where('villageId', '=', v.villageId)
    .executeTakeFirstOrThrow();
  env.note(
    `Batch posting: ${ENTRIES.toLocaleString()} entries over ${HOUSEHOLDS.toLocaleString()} household accounts in transactions of ${batch.toLocaleString()}; each entry's cap applied against the running balance, the balance updated, the entry chained (SHA-256) onto the village's board. Highest balance afterwards: ${capped.m} (cap 100).`,
  );
  await db.dispose();
  const goal = env.backend === 'sqlite' ? 50_000 : undefined;
  return [
    { metric: 'raw insert of the same entry rows', value: Math.round(raw), unit: 'rows/s', note: 'reference' },
    {
      metric: 'batch posting, caps enforced',
      value: Math.round(rate),
      unit: 'entries/s',
      reference: { label: 'raw insert', value: Math.round(raw), unit: 'rows/s' },
      ratio: rate / raw,
      ...(goal ? { goal: `≥ ${goal.toLocaleString()} entries/s`, pass: rate >= goal } : {}),
    },
  ];
}

async function httpPosting(env: BenchEnv): Promise<Row[]> {
  const db = await env.freshDb('ledger_http');
  const v = await village(db, 2_000);
  // Reference: the same entry rows inserted raw one per transaction (autocommit), as one-by-one requests do.
  const ref = Array.from({ length: HTTP_REQUESTS }, (_, i) => i);
  const now = Date.now();
  const refStart = nowNs();
  for (const i of ref) {
    await db.ctx.db
      .insertInto('pointsEntries')
      .values({
        id: newId(),
        villageId: v.villageId,
        periodId: v.period.id,
        accountId: v.accounts[i % v.accounts.length].id,
        kind: 'positive',
        ruleId: v.rule.id,
        requested: 5,
        effective: 5,
        balanceAfter: 5,
        reason: 'ref',
        evidence: '[]',
        status: 'final',
        proposedBy: null,
        approvedBy: null,
        reviewNote: null,
        reverses: null,
        reportId: null,
        idempotencyKey: null,
        payloadHash: null,
        createdAt: now,
        decidedAt: now,
        publishedUntil: null,
        finalAt: now,
        seq: null,
        prevHash: null,
        hash: null,
      })
      .execute();
  }
  const rawOne = HTTP_REQUESTS / (elapsedMs(refStart) / 1000);

  const app = await buildApp(db.ctx, { webDir: null, signInPerMinute: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: '13800000000', password: 'bench2026' }),
  });
  const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('wangge_csrf='))!.split('=')[1];
  const headers = { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf };
  const latencies: number[] = [];
  const start = nowNs();
  for (let i = 0; i < HTTP_REQUESTS; i++) {
    const t0 = nowNs();
    const res = await fetch(`${base}/api/v1/villages/bench/points/entries`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        id: newId(),
        ruleCode: 'HP',
        target: { kind: 'household', householdId: v.households[i % v.households.length].id },
        reason: '庭院整洁',
      }),
    });
    if (res.status !== 201) throw new Error(`POST entries → ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    latencies.push(elapsedMs(t0));
  }
  const rate = HTTP_REQUESTS / (elapsedMs(start) / 1000);
  await app.close();
  await db.dispose();
  const s = summarize(latencies);
  env.note(
    `One by one over HTTP: ${HTTP_REQUESTS} sequential POST /points/entries on loopback (session cookie, CSRF, policy and scope checks, rule and period-limit checks, idempotency key, caps, chain, audit row), one client. Reference: the same rows inserted one per transaction, raw.`,
  );
  return [
    { metric: 'raw insert, one row per transaction', value: Math.round(rawOne), unit: 'rows/s', note: 'reference' },
    {
      metric: 'POST /points/entries one by one',
      value: Math.round(rate),
      unit: 'req/s',
      reference: { label: 'raw one-row transactions', value: Math.round(rawOne), unit: 'rows/s' },
      ratio: rate / rawOne,
    },
    { metric: 'POST /points/entries latency p50', value: Number(s.p50.toFixed(2)), unit: 'ms' },
    { metric: 'POST /points/entries latency p99', value: Number(s.p99.toFixed(2)), unit: 'ms' },
  ];
}

async function settlement(env: BenchEnv): Promise<Row[]> {
  const db = await env.freshDb('ledger_settle');
  const v = await village(db, SETTLE_ACCOUNTS);
  // Balances spread over 0–100 so that every tier is used.
  await db.ctx.db.transaction().execute(async (trx) => {
    const { updateMany } = await import('../../server/src/db/bulk-update');
    await updateMany(
      db.database,
      trx,
      'pointsAccounts',
      ['id'],
      v.accounts.map((a, i) => ({ id: a.id, balance: (i * 37) % 101 })),
    );
  });
  const start = nowNs();
  const r = await settle(db.ctx, v.caller, { period: v.period.label });
  const ms = elapsedMs(start);
  await db.dispose();
  env.note(
    `Settlement: ${r.households.toLocaleString()} household accounts (and ${r.members} grid member accounts) closed in one transaction: tiers, payouts and ranking computed, the results stored, the next year opened.`,
  );
  return [
    {
      metric: `settlement of ${SETTLE_ACCOUNTS.toLocaleString()} accounts`,
      value: Number((ms / 1000).toFixed(2)),
      unit: 's',
      goal: '≤ 10 s',
      pass: ms <= 10_000,
    },
  ];
}

const ledgerCase: BenchCase = {
  name: 'ledger',
  title: 'Points ledger',
  description:
    'Posting points entries with the caps enforced inside the transaction, in batches and one by one over HTTP, against raw inserts of the same rows measured in the same run; and the year-end settlement of 100,000 accounts.',
  run: async (env) => [...(await batchPosting(env)), ...(await httpPosting(env)), ...(await settlement(env))],
};

export default ledgerCase;
