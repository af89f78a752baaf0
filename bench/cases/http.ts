/**
 * The HTTP path under load: wangge's routes against a bare Fastify route, both measured in the
 * same run with the same load generator (wrk, 64 keep-alive connections on loopback), the server
 * under test in a child process of its own and wrk in another. Rounds alternate reference and
 * measured route so that other load on the machine weighs on both alike; the server's CPU time per
 * request is reported too (less disturbed by a shared machine than requests per second).
 * `BENCH_HTTP=proposal,households,health` picks routes; `--profile` profiles the server per route.
 * The load generator is wrk from the OS (autocannon, the npm one, is not a dependency).
 */
import path from 'node:path';
import { DEMO_PASSWORD, createDemoAccounts } from '../../server/src/modules/demo/accounts';
import { loadDemo } from '../../server/src/modules/demo/load';
import { createDemoPoints } from '../../server/src/modules/demo/points';
import type { BenchEnv } from '../lib/env';
import { summaryText } from '../lib/profile';
import { serve, type Served } from '../lib/serve';
import { signIn } from '../lib/sign-in';
import type { BenchCase, Row } from '../lib/types';
import { wrk, wrkVersion, type WrkRequest, type WrkResult } from '../lib/wrk';

const CONNECTIONS = 64;
/** Seconds: one untimed warm-up run per route, then ROUNDS × (reference, measured). */
const WARMUP_S = 3;
const ROUND_S = 5;
const ROUNDS = 2;
/** Sequential requests after the load, to count database round trips per request exactly. */
const COUNTED = 200;

const RULE = 'H04'; // 配合疫情防控: household, proposed by grid members, no evidence, no period limit, reviewed

interface Target {
  key: string;
  label: string;
  request: (base: string) => WrkRequest;
  reference: 'echo' | 'hello';
  goal: { sqlite: number; postgres: number };
}

const proposal = (id: string, householdId: string) =>
  JSON.stringify({
    id,
    ruleCode: RULE,
    target: { kind: 'household', householdId },
    reason: '配合疫情防控，按时完成核酸检测',
    evidence: [],
  });

/** The same JSON template for the echo and the proposal: `{{id}}` fresh per request, `{{pick}}` a household. */
const BODY = proposal('{{id}}', '{{pick}}');

async function send(r: WrkRequest, i: number): Promise<number> {
  const body = r.body
    ?.replace('{{id}}', `seq${Date.now().toString(36)}${i}`)
    .replace('{{pick}}', r.picks![i % r.picks!.length]);
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body });
  await res.arrayBuffer();
  return res.status;
}

async function run(env: BenchEnv): Promise<Row[]> {
  const version = wrkVersion();
  if (!version) throw new Error('wrk is not installed (apt-get install wrk); the HTTP case needs it');
  env.log('loading the demo village');
  const db = await env.freshDb('http');
  const demo = await loadDemo(db.ctx);
  const logins = await createDemoAccounts(db.ctx);
  await createDemoPoints(db.ctx, demo.villageId);
  await db.release(); // the server child owns the database from now on
  const member = logins.find((l) => l.role === 'gridMember')!;

  const servers: Served[] = [];
  try {
    const ref = await serve({ kind: 'reference' });
    servers.push(ref);
    const app = await serve({ kind: 'app', target: db.target });
    servers.push(app);
    const v = `/api/v1/villages/${demo.code}`;
    const auth = await signIn(app.base, member.login, DEMO_PASSWORD);
    const headers = { cookie: auth.cookie, 'content-type': 'application/json', 'x-csrf-token': auth.csrf };

    // The grid member's households that accept the proposal (not their own: conflict of interest).
    const list = await fetch(`${app.base}${v}/households?page=1&pageSize=100`, { headers: { cookie: auth.cookie } });
    if (list.status !== 200) throw new Error(`household list: ${list.status} ${await list.text()}`);
    const { items, total } = (await list.json()) as { items: { id: string }[]; total: number };
    const picks: string[] = [];
    for (const h of items) {
      const r = await fetch(`${app.base}${v}/points/entries`, {
        method: 'POST',
        headers,
        body: proposal(`probe${Date.now().toString(36)}${picks.length}x`, h.id),
      });
      if (r.status === 201) picks.push(h.id);
      await r.arrayBuffer();
      if (picks.length >= 16) break;
    }
    if (!picks.length) throw new Error('no household of the grid member accepts a proposal');

    const refRequest = {
      echo: {
        method: 'POST',
        url: `${ref.base}/echo`,
        headers: { 'content-type': 'application/json' },
        body: BODY,
        picks,
      },
      hello: { method: 'GET', url: `${ref.base}/hello` },
    } satisfies Record<string, WrkRequest>;
    const targets: Target[] = [
      {
        key: 'proposal',
        label: `POST …/points/entries (grid member's proposal)`,
        request: (base) => ({ method: 'POST', url: `${base}${v}/points/entries`, headers, body: BODY, picks }),
        reference: 'echo',
        goal: { sqlite: 0.25, postgres: 0.1 },
      },
      {
        key: 'households',
        label: `GET …/households?page=1&pageSize=20 (grid member's list page)`,
        request: (base) => ({
          method: 'GET',
          url: `${base}${v}/households?page=1&pageSize=20`,
          headers: { cookie: auth.cookie },
        }),
        reference: 'hello',
        goal: { sqlite: 0.15, postgres: 0.08 },
      },
      {
        key: 'health',
        label: 'GET /api/health',
        request: (base) => ({ method: 'GET', url: `${base}/api/health` }),
        reference: 'hello',
        goal: { sqlite: 0.6, postgres: 0.5 },
      },
    ];

    const load = (r: WrkRequest, seconds: number) => wrk(r, { seconds, connections: CONNECTIONS, tmpDir: env.tmpDir });
    /** A measured run, with the CPU time the server process spent on it. */
    const measure = async (server: Served, r: WrkRequest): Promise<Run> => {
      const c0 = await server.cpuUs();
      const res = await load(r, ROUND_S);
      return { ...res, cpuUs: (await server.cpuUs()) - c0 };
    };
    const only = process.env.BENCH_HTTP?.split(',');
    const rows: Row[] = [];
    const trips: string[] = [];
    for (const t of targets) {
      if (only && !only.includes(t.key)) continue;
      const refReq = refRequest[t.reference];
      const appReq = t.request(app.base);
      env.log(`${t.key}: warm-up`);
      await load(refReq, WARMUP_S);
      await load(appReq, WARMUP_S);
      const refRuns: Run[] = [];
      const appRuns: Run[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        refRuns.push(await measure(ref, refReq));
        appRuns.push(await measure(app, appReq));
      }
      const refAll = combine(refRuns);
      const appAll = combine(appRuns);
      env.log(`${t.key}: ${Math.round(appAll.rps)} req/s vs ${Math.round(refAll.rps)} req/s (${t.reference})`);

      // Round trips per request, warm: sequential requests, the server's counter before and after.
      const before = await app.roundTrips();
      const statuses = new Map<number, number>();
      for (let i = 0; i < COUNTED; i++) {
        const s = await send(appReq, i);
        statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
      const perRequest = ((await app.roundTrips()) - before) / COUNTED;
      trips.push(`${t.key} ${perRequest.toFixed(1)}`);

      if (env.profile) {
        const file = path.resolve('bench/out', `profile-${env.backend}-http-${t.key}.cpuprofile`);
        await app.profileStart(file);
        await load(appReq, ROUND_S);
        const summary = await app.profileStop();
        for (const line of summaryText(summary)) env.note(`${t.key} (profiled, server process): ${line}`);
      }

      const goal = t.goal[env.backend];
      const ratio = appAll.rps / refAll.rps;
      const refCpu = refAll.cpuUs / refAll.requests;
      const appCpu = appAll.cpuUs / appAll.requests;
      const failures = appAll.non2xx + appAll.socketErrors;
      const refName = t.reference === 'echo' ? 'bare Fastify POST-JSON echo' : 'bare Fastify GET hello';
      rows.push(
        {
          metric: `${refName} (reference)`,
          value: Math.round(refAll.rps),
          unit: 'req/s',
          note: `p50 ${refAll.p50.toFixed(2)} ms, p99 ${refAll.p99.toFixed(2)} ms; server CPU ${Math.round(refCpu)} µs/request`,
        },
        {
          metric: t.label,
          value: Math.round(appAll.rps),
          unit: 'req/s',
          reference: { label: refName, value: Math.round(refAll.rps), unit: 'req/s' },
          ratio,
          goal: `≥ ${goal}×`,
          pass: ratio >= goal && failures === 0,
          note:
            `p50 ${appAll.p50.toFixed(2)} ms, p99 ${appAll.p99.toFixed(2)} ms; server CPU ${Math.round(appCpu)} µs/request (CPU-time ratio ${(refCpu / appCpu).toFixed(3)}×); ${perRequest.toFixed(1)} database round trips per request` +
            (failures ? `; ${failures} failed responses of ${appAll.requests}` : '') +
            ([...statuses.keys()].some((s) => s >= 400)
              ? `; counted run statuses ${JSON.stringify(Object.fromEntries(statuses))}`
              : ''),
        },
      );
    }
    env.note(
      `Load: ${version}, 1 thread, ${CONNECTIONS} keep-alive connections on loopback; per route a ${WARMUP_S} s warm-up of each, then ${ROUNDS} rounds of ${ROUND_S} s reference + ${ROUND_S} s measured (figures: all rounds together; latency percentiles: the worse round). Server: \`buildApp\` as \`wangge serve\` runs it (events and jobs started, no request log) in a child process; the reference: \`Fastify()\` with no plugins in another. The demo village (${total} households in the grid member's list; proposals rotate over ${picks.length} of them, each request with a fresh id, rule ${RULE}).`,
    );
    env.note(
      `Database round trips per request (statements + BEGIN/COMMIT, counted by db/observe.ts over ${COUNTED} sequential warm requests): ${trips.join(', ')}.`,
    );
    return rows;
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    await db.dispose();
  }
}

type Run = WrkResult & { cpuUs: number };

/** Several runs as one: requests, time and CPU summed; latency percentiles of the worse run. */
function combine(runs: Run[]): Run {
  const requests = runs.reduce((a, r) => a + r.requests, 0);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const worst = (k: 'p50' | 'p90' | 'p99' | 'max') => Math.max(...runs.map((r) => r[k]));
  return {
    requests,
    seconds,
    rps: requests / seconds,
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    socketErrors: runs.reduce((a, r) => a + r.socketErrors, 0),
    p50: worst('p50'),
    p90: worst('p90'),
    p99: worst('p99'),
    mean: runs.reduce((a, r) => a + r.mean * r.requests, 0) / (requests || 1),
    max: worst('max'),
    cpuUs: runs.reduce((a, r) => a + r.cpuUs, 0),
  };
}

const httpCase: BenchCase = {
  name: 'http',
  title: 'HTTP under load',
  description:
    "Requests per second of wangge's routes under 64 concurrent keep-alive connections, each a ratio to a bare Fastify route measured in the same run with the same generator: a grid member's points proposal (signed in, validated, scoped, retry-safe with a fresh id per request) against a POST-JSON echo of the same body; the grid member's household list page and `GET /api/health` against a GET returning a small JSON object. Latency p50/p99, the server process's CPU time per request (and the ratio of the two CPU times, which a shared machine disturbs less) and the database round trips per request are in the notes column.",
  run,
};

export default httpCase;
