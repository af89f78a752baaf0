/**
 * A bounded soak: the server under a realistic mix at about 80 % of the capacity measured just
 * before, for BENCH_SOAK_S seconds (600 by default), open-loop (requests are sent on a schedule,
 * not when the previous answer came, so a slow server shows as latency instead of hiding it).
 * Every 30 s window records requests, failures, p50/p99 and the server process's RSS; the case
 * passes with no failure, no memory growth trend over the second half and a p99 in the last third
 * within 2× of the first third's. The chart goes to docs/soak-<backend>.svg.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDemoAccounts, DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { loadDemo } from '../../server/src/modules/demo/load';
import { createDemoPoints } from '../../server/src/modules/demo/points';
import type { BenchEnv } from '../lib/env';
import { serve } from '../lib/serve';
import { signIn } from '../lib/sign-in';
import { soakChart } from '../lib/soak-chart';
import type { BenchCase, Row } from '../lib/types';

const SOAK_S = Number(process.env.BENCH_SOAK_S ?? 600);
const WINDOW_S = 30;
const CAPACITY_S = 15;
const CONCURRENCY = 64;
const LOAD = 0.8;
/** In flight beyond this, a scheduled request is counted as dropped (the server fell behind). */
const MAX_IN_FLIGHT = 1024;
const TICK_MS = 20;
const RULE = 'H04';

interface Req {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: () => string;
}

export interface Window {
  t: number;
  requests: number;
  failures: number;
  dropped: number;
  p50: number;
  p99: number;
  rssMb: number;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;

/** Least-squares slope of y over x. */
export function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

async function run(env: BenchEnv): Promise<Row[]> {
  env.log('loading the demo village');
  const db = await env.freshDb('soak');
  const demo = await loadDemo(db.ctx);
  const logins = await createDemoAccounts(db.ctx);
  await createDemoPoints(db.ctx, demo.villageId);
  await db.release();
  const app = await serve({ kind: 'app', target: db.target });
  try {
    const member = logins.find((l) => l.role === 'gridMember')!;
    const auth = await signIn(app.base, member.login, DEMO_PASSWORD);
    const v = `${app.base}/api/v1/villages/${demo.code}`;
    const read = { cookie: auth.cookie };
    const writeHeaders = { ...read, 'content-type': 'application/json', 'x-csrf-token': auth.csrf };
    const list = (await (await fetch(`${v}/households?page=1&pageSize=100`, { headers: read })).json()) as {
      items: { id: string }[];
    };
    // The households the member may propose for (not their own: conflict of interest).
    const ids: string[] = [];
    for (const h of list.items) {
      const res = await fetch(`${v}/points/entries`, {
        method: 'POST',
        headers: writeHeaders,
        body: JSON.stringify({
          id: crypto.randomUUID(),
          ruleCode: RULE,
          target: { kind: 'household', householdId: h.id },
          reason: '探测',
          evidence: [],
        }),
      });
      await res.arrayBuffer();
      if (res.status === 201) ids.push(h.id);
      if (ids.length >= 32) break;
    }
    let n = 0;
    const proposalBody = () =>
      JSON.stringify({
        id: crypto.randomUUID(),
        ruleCode: RULE,
        target: { kind: 'household', householdId: ids[n++ % ids.length] },
        reason: '配合疫情防控，按时完成核酸检测',
        evidence: [],
      });
    // The mix of a grid member's evening: lists and household pages mostly, proposals, health checks.
    const mix: [number, () => Req & { route?: string }][] = [
      [40, () => ({ method: 'GET', url: `${v}/households?page=${1 + (n++ % 3)}&pageSize=20`, headers: read })],
      [25, () => ({ method: 'GET', url: `${v}/households/${ids[n++ % ids.length]}`, headers: read })],
      [25, () => ({ method: 'POST', url: `${v}/points/entries`, headers: writeHeaders, body: proposalBody })],
      [10, () => ({ method: 'GET', url: `${app.base}/api/health`, headers: {} })],
    ];
    const total = mix.reduce((a, [w]) => a + w, 0);
    let k = 0;
    const next = (): Req => {
      let r = k++ % total;
      for (const [w, make] of mix) {
        if (r < w) return make();
        r -= w;
      }
      return mix[0][1]();
    };
    /** Failed answers by status (0: no answer) and route, for the notes. */
    const failed = new Map<string, number>();
    const byRoute = new Map<string, { n: number; ms: number }>();
    const send = async (): Promise<{ ok: boolean; ms: number }> => {
      const r = next();
      const t0 = performance.now();
      const route = `${r.method} ${new URL(r.url).pathname.replace(/[0-9a-f-]{36}/g, ':id')}`;
      let status = 0;
      const took = () => {
        const ms = performance.now() - t0;
        const s = byRoute.get(route) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += ms;
        byRoute.set(route, s);
        return ms;
      };
      try {
        const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body?.() });
        status = res.status;
        const text = await res.text();
        if (status < 400) return { ok: true, ms: took() };
        if (failed.size < 20) env.log(`${r.method} ${r.url.replace(app.base, '')} → ${status} ${text.slice(0, 160)}`);
      } catch {
        // no answer
      }
      failed.set(`${status} ${route}`, (failed.get(`${status} ${route}`) ?? 0) + 1);
      return { ok: false, ms: took() };
    };

    // Capacity: closed loop, 64 at a time.
    env.log(`capacity: ${CAPACITY_S} s closed loop, ${CONCURRENCY} at a time`);
    let done = 0;
    let capFailures = 0;
    const until = Date.now() + CAPACITY_S * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (Date.now() < until) {
          const r = await send();
          done++;
          if (!r.ok) capFailures++;
        }
      }),
    );
    const capacity = done / CAPACITY_S;
    const capacityRoutes = [...byRoute].map(([k, s]) => `${k} ${(s.ms / s.n).toFixed(1)} ms`).join(', ');
    byRoute.clear();
    const rate = capacity * LOAD;
    env.log(`capacity ${capacity.toFixed(0)} req/s; soak at ${rate.toFixed(0)} req/s for ${SOAK_S} s`);

    // The soak: open loop at `rate`.
    const windows: Window[] = [];
    let lat: number[] = [];
    let failures = 0;
    let dropped = 0;
    let inFlight = 0;
    let scheduled = 0; // requests due so far: rate × the time actually elapsed (timer ticks run late)
    const start = Date.now();
    let windowStart = start;
    const pending = new Set<Promise<void>>();
    while (Date.now() - start < SOAK_S * 1000) {
      const due = Math.floor((rate * (Date.now() - start)) / 1000);
      for (; scheduled < due; scheduled++) {
        if (inFlight >= MAX_IN_FLIGHT) {
          dropped++;
          continue;
        }
        inFlight++;
        const p: Promise<void> = send().then((r) => {
          inFlight--;
          lat.push(r.ms);
          if (!r.ok) failures++;
          pending.delete(p);
        });
        pending.add(p);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
      if (Date.now() - windowStart >= WINDOW_S * 1000) {
        const sorted = lat.sort((a, b) => a - b);
        windows.push({
          t: Math.round((Date.now() - start) / 1000),
          requests: sorted.length,
          failures,
          dropped,
          p50: pct(sorted, 50),
          p99: pct(sorted, 99),
          rssMb: rssMb(app.pid),
        });
        const w = windows.at(-1)!;
        env.log(
          `t=${w.t}s ${(w.requests / WINDOW_S).toFixed(0)} req/s p50 ${w.p50.toFixed(1)} ms p99 ${w.p99.toFixed(1)} ms RSS ${w.rssMb.toFixed(0)} MB failures ${failures} dropped ${dropped}`,
        );
        lat = [];
        failures = 0;
        dropped = 0;
        windowStart = Date.now();
      }
    }
    await Promise.all(pending);

    const chart = path.resolve('docs', `soak-${env.backend}.svg`);
    fs.writeFileSync(chart, soakChart(windows, `wangge soak (${env.backend}), ${rate.toFixed(0)} req/s`));
    const half = windows.slice(Math.floor(windows.length / 2));
    const growth = slope(
      half.map((w) => w.t / 60),
      half.map((w) => w.rssMb),
    );
    const third = Math.max(1, Math.floor(windows.length / 3));
    const p99Of = (ws: Window[]) => Math.max(...ws.map((w) => w.p99));
    const firstP99 = p99Of(windows.slice(0, third));
    const lastP99 = p99Of(windows.slice(-third));
    const allFailures = windows.reduce((a, w) => a + w.failures, 0);
    const allDropped = windows.reduce((a, w) => a + w.dropped, 0);
    const requests = windows.reduce((a, w) => a + w.requests, 0);
    env.note(
      `Mix: 40 % the grid member's household list pages, 25 % household pages, 25 % points proposals (fresh id each, rule ${RULE}), 10 % \`GET /api/health\`; open loop (Node fetch, keep-alive) at ${Math.round(LOAD * 100)} % of the capacity measured just before (closed loop, ${CONCURRENCY} at a time, ${CAPACITY_S} s: ${capacity.toFixed(0)} req/s, ${capFailures} failures; mean latency by route at capacity: ${capacityRoutes}). Windows of ${WINDOW_S} s; RSS of the server process from /proc. Chart: docs/soak-${env.backend}.svg.`,
    );
    env.note(
      `Windows (t s: req/s, p50/p99 ms, RSS MB): ${windows.map((w) => `${w.t}: ${(w.requests / WINDOW_S).toFixed(0)}, ${w.p50.toFixed(1)}/${w.p99.toFixed(1)}, ${w.rssMb.toFixed(0)}`).join('; ')}.`,
    );
    if (failed.size) env.note(`Failed answers: ${[...failed].map(([k, c]) => `${k} ×${c}`).join(', ')}.`);
    return [
      { metric: 'capacity of the mix (closed loop, 64 at a time)', value: Math.round(capacity), unit: 'req/s' },
      {
        metric: `requests in ${SOAK_S} s at ${Math.round(LOAD * 100)} % of capacity`,
        value: requests,
        unit: 'requests',
        goal: 'no failure, none dropped',
        pass: allFailures === 0 && allDropped === 0,
        note: `${allFailures} failed, ${allDropped} dropped (server behind by ${MAX_IN_FLIGHT} requests)`,
      },
      {
        metric: 'server RSS trend over the second half',
        value: Number(growth.toFixed(2)),
        unit: 'MB/min',
        goal: '< 1 MB/min',
        pass: growth < 1,
        note: `RSS ${windows[0]?.rssMb.toFixed(0)} MB after the first window, ${windows.at(-1)?.rssMb.toFixed(0)} MB at the end`,
      },
      {
        metric: 'p99 latency, last third vs first third (worst window)',
        value: Number(lastP99.toFixed(1)),
        unit: 'ms',
        reference: { label: 'first third', value: Number(firstP99.toFixed(1)), unit: 'ms' },
        ratio: lastP99 / firstP99,
        goal: '≤ 2×',
        pass: lastP99 <= 2 * firstP99,
      },
    ];
  } finally {
    await app.stop().catch(() => undefined);
    await db.dispose();
  }
}

const soakCase: BenchCase = {
  name: 'soak',
  title: 'Soak: a realistic mix at 80 % of capacity',
  description:
    "The server under the mix of a grid member's evening (lists, household pages, proposals, health checks) at 80 % of the capacity measured just before, open loop, for `BENCH_SOAK_S` seconds (600 by default): no failures, memory without a growth trend, latency stable.",
  run,
};

export default soakCase;
