/**
 * Household search over the imported 100,000-resident village: the staff console's list page
 * (searchHouseholds, whole-village scope, page 1 of 20), by kind of query.
 */
import pg from 'pg';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { makeCtx, type Ctx } from '../../server/src/context';
import type { DB } from '../../server/src/db/types';
import type { FreshDb } from '../lib/env';
import { cliCaller } from '../../server/src/core/caller';
import { villageByCode } from '../../server/src/modules/registry/villages';
import { searchHouseholds, type HouseholdSearch } from '../../server/src/modules/registry/households';
import type { BenchEnv } from '../lib/env';
import { importedVillage } from '../lib/fixtures';
import { latencies, type Summary } from '../lib/timer';
import type { BenchCase, Row } from '../lib/types';

const QUERIES = 300;
const POINT_LOOKUPS = 2000;
const GOAL_P99_MS = 100;
/** Slow kinds of query stop early (at least 30 samples) so that the whole run stays within minutes. */
const BUDGET_MS = 10_000;

const BREAKDOWN_QUERIES = 5;

/** Which of searchHouseholds' statements a logged query is. */
function statementOf(sql: string): string {
  if (sql.startsWith('select "p".*')) return 'page with total, heads and sizes';
  if (sql.includes('count(*) as "total"')) return 'count';
  if (sql.includes(' limit ')) return 'page';
  if (sql.includes('group by "household_id"')) return 'sizes';
  if (sql.includes('"relation" = ')) return 'heads';
  if (sql.includes('from "posts"')) return 'grid members';
  return 'lookups';
}

/** A second Kysely on the same database that logs every statement's duration. */
function loggingCtx(db: FreshDb, sink: (e: LogEvent) => void): { ctx: Ctx; close(): Promise<void> } {
  const plugins = [new CamelCasePlugin()];
  if (db.database.sqlite) {
    const k = new Kysely<DB>({ dialect: new SqliteDialect({ database: db.database.sqlite }), plugins, log: sink });
    return { ctx: makeCtx({ ...db.database, db: k }, db.ctx.clock, db.ctx.notifier), close: async () => {} };
  }
  const pool = new pg.Pool({ connectionString: db.url, max: 4, options: `-c search_path=${db.schema}` });
  const k = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins, log: sink });
  return { ctx: makeCtx({ ...db.database, db: k }, db.ctx.clock, db.ctx.notifier), close: () => k.destroy() };
}

/** Deterministic picks: the i-th of n spread over the list. */
const nth = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length];

const searchCase: BenchCase = {
  name: 'search',
  title: 'Household search',
  description: [
    'After the import (the village of the import case: its CSV import plus the no-op re-import), `searchHouseholds` with',
    `the whole-village scope, page 1, 20 per page (a count and a page, as the console asks), ${QUERIES} queries of each kind, each`,
    `with a different input, after 20 untimed warm-up queries; a kind of query that has used ${BUDGET_MS / 1000} s stops early (the notes`,
    'give how many were timed). In-process: no HTTP.',
    '',
    '**Reference:** a raw point lookup `select * from households where village_id = ? and number = ?` on the raw handle',
    '(better-sqlite3 prepared statement; pg: one connection), p50 — ratio = p50 ÷ that p50.',
    `**Goal:** interactive, p99 < ${GOAL_P99_MS} ms for every kind of query. p99 is the first figure other load on the machine`,
    'spoils: the notes give the CPU contention during the queries and, on SQLite (where the work is in-process), the',
    'same percentiles by CPU time.',
  ].join('\n'),

  async run(env: BenchEnv): Promise<Row[]> {
    const { db, village, roster } = await importedVillage(env);
    const { ctx } = db;
    const households = roster.households;
    const residents = roster.residents;

    // Reference: raw point lookups by house number.
    let ref: Summary;
    if (db.database.sqlite) {
      const stmt = db.database.sqlite.prepare('select * from households where village_id = ? and number = ?');
      ref = await latencies(POINT_LOOKUPS, (i) => {
        if (!stmt.get(village.villageId, nth(households, i).number)) throw new Error('point lookup found nothing');
      });
    } else {
      const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
      await client.connect();
      try {
        await client.query({
          name: 'point',
          text: 'select * from households where village_id = $1 and number = $2',
          values: [village.villageId, households[0].number],
        });
        ref = await latencies(POINT_LOOKUPS, async (i) => {
          const r = await client.query({
            name: 'point',
            text: 'select * from households where village_id = $1 and number = $2',
            values: [village.villageId, nth(households, i).number],
          });
          if (r.rowCount !== 1) throw new Error('point lookup found nothing');
        });
      } finally {
        await client.end();
      }
    }
    const refLabel = env.backend === 'sqlite' ? 'raw better-sqlite3 point lookup p50' : 'raw pg point lookup p50';
    const rows: Row[] = [
      {
        metric: 'reference: raw point lookup by house number',
        value: ref.p50,
        unit: 'ms',
        note: `p99 ${ref.p99.toFixed(3)} ms over ${POINT_LOOKUPS.toLocaleString('en')} lookups`,
      },
    ];

    // The whole village's scope, as the chief sees it.
    const caller = cliCaller(await villageByCode(ctx.db, village.code), 'bench');
    const kinds: [string, (i: number) => Partial<HouseholdSearch>][] = [
      // H12 / H123 / H1234: 1,000 / 100 / 10 households.
      ['(a) house number prefix (q = "H123")', (i) => ({ q: nth(households, i).number.slice(0, 3 + (i % 3)) })],
      // A full name, or surname + first given character.
      [
        '(b) resident name prefix (q = "王建" / "王建国")',
        (i) => {
          const name = nth(residents, i).name;
          return { q: i % 2 ? name : name.slice(0, 2) };
        },
      ],
      // "3组12": a fragment from the middle of 青山村3组128号.
      [
        '(c) address fragment (q = "3组12")',
        (i) => {
          const m = /村(\d+组\d+)号/.exec(nth(households, i).address)!;
          return { q: m[1].slice(0, Math.max(3, m[1].length - (i % 2))) };
        },
      ],
      ['(d) list page 1, no filter', () => ({})],
      ['(e) list filtered to a grid (node = grid id)', (i) => ({ node: nth(village.grids, i).id })],
    ];
    // Where a search's time goes: each statement's mean duration over a few queries of each kind.
    const events: LogEvent[] = [];
    const logged = loggingCtx(db, (e) => void events.push(e));
    const breakdown = new Map<string, string>();
    try {
      for (const [label, make] of kinds) {
        events.length = 0;
        for (let i = 0; i < BREAKDOWN_QUERIES; i++)
          await searchHouseholds(logged.ctx, caller, { page: 1, pageSize: 20, ...make(i) });
        const by = new Map<string, number>();
        for (const e of events)
          by.set(
            statementOf(e.query.sql),
            (by.get(statementOf(e.query.sql)) ?? 0) + e.queryDurationMillis / BREAKDOWN_QUERIES,
          );
        breakdown.set(
          label,
          [...by].map(([k, ms]) => `${k} ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`).join(' · '),
        );
      }
    } finally {
      await logged.close();
    }

    for (const [label, make] of kinds) {
      const hits: number[] = [];
      const s = await latencies(
        QUERIES,
        async (i) => {
          const r = await searchHouseholds(ctx, caller, { page: 1, pageSize: 20, ...make(i) });
          if (i < QUERIES) hits.push(r.total);
        },
        { budgetMs: BUDGET_MS },
      );
      const empty = hits.filter((h) => h === 0).length;
      const meanHits = hits.reduce((a, b) => a + b, 0) / hits.length;
      env.log(
        `${label}: ${s.n} queries, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, mean hits ${meanHits.toFixed(0)}${empty ? `, ${empty} empty` : ''}`,
      );
      const reference = { label: refLabel, value: ref.p50, unit: 'ms' };
      const contention = s.cpuStall === undefined ? '' : `; CPU contention ${Math.round(s.cpuStall * 100)}%`;
      const byCpu = db.database.sqlite
        ? `; by CPU time p50 ${s.cpu.p50.toFixed(1)} ms, p99 ${s.cpu.p99.toFixed(1)} ms`
        : '';
      rows.push({
        metric: `${label}: p50`,
        value: s.p50,
        unit: 'ms',
        reference,
        ratio: s.p50 / ref.p50,
        note: `${s.n} queries${s.n < QUERIES ? ' (time budget)' : ''}; mean ${s.mean.toFixed(2)} ms; ${meanHits.toFixed(0)} matching households on average${empty ? `; ${empty} queries matched none` : ''}${contention}`,
      });
      rows.push({
        metric: `${label}: p99`,
        value: s.p99,
        unit: 'ms',
        goal: `p99 < ${GOAL_P99_MS} ms`,
        pass: s.p99 < GOAL_P99_MS,
        note: `max ${s.max.toFixed(1)} ms${byCpu}; per statement (mean of ${BREAKDOWN_QUERIES}): ${breakdown.get(label)}`,
      });
    }
    env.note(
      `${households.length.toLocaleString('en')} households, ${residents.length.toLocaleString('en')} residents, ${village.grids.length} grids of ~150 households.`,
    );
    return rows;
  },
};

export default searchCase;
