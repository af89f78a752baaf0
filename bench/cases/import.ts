/**
 * Roster import at village scale: a generated 100,000-resident roster (≈45,000 households,
 * every check on, all-or-nothing), end to end from CSV and xlsx buffers, from already-parsed
 * rows, as a dry run and as a re-import (no-op), against raw inserts of the same rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportReport } from '../../server/src/modules/import/service';
import type { BenchEnv, FreshDb } from '../lib/env';
import type { ImportTaskInput, ImportTaskResult, PhasesTaskInput, PhasesTaskResult } from '../lib/import-tasks';
import { summaryText } from '../lib/profile';
import { runIsolated } from '../lib/isolate';
import { rosterFiles, VILLAGE_KEY, type ImportedVillage } from '../lib/fixtures';
import type { Measured } from '../lib/memory';
import { rawInsert, type RawTiming } from '../lib/raw';
import { rosterXlsx } from '../lib/roster';
import { timed } from '../lib/timer';
import type { BenchCase, Row } from '../lib/types';
import { makeVillage } from '../lib/village';

const GOAL = 0.3;
const CODE = 'BENCH';
const TASKS = new URL('../lib/import-tasks.ts', import.meta.url).href;
const OUT = new URL('../out/', import.meta.url).pathname;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtMb = (x: number) => `${Math.round(x)} MB`;
/** CPU contention during a step (Linux PSI), for the notes. */
const stallText = (stall: number | undefined) =>
  stall === undefined ? '' : ` (CPU contention ${Math.round(stall * 100)}%)`;

function expectCreated(r: ImportReport, households: number, residents: number, what: string) {
  const ok =
    r.problems.length === 0 &&
    r.households.created === households &&
    r.residents.created === residents &&
    r.assignments.created === households;
  if (!ok) throw new Error(`${what}: unexpected report ${JSON.stringify({ ...r, problems: r.problems.slice(0, 5) })}`);
}

const importCase: BenchCase = {
  name: 'import',
  title: 'Roster import',
  description: [
    'A generated roster, one row per resident: households of 1–4 residents, valid unique ID numbers (`makeIdNumber`),',
    'Chinese names, phones, a grid per household (by code, sometimes by name), and dirt to normalise (full-width',
    'digits, stray and ideographic spaces, lower-case x, dashes and +86 in phones, four date styles, household fields',
    'on the first row only). Every check is on and the import is all-or-nothing (one transaction). Each import runs',
    'once into a fresh database holding only the village and its active structure; the import also writes one',
    'assignment and one coverage row per household, which the raw reference does not.',
    '',
    '**Reference:** the same clean rows inserted raw (households + residents; SQLite: better-sqlite3, one prepared',
    'statement per table in one transaction; PostgreSQL: multi-row inserts on one connection in one transaction), into a',
    'fresh database each time, run before, between and after the imports; each import is compared with the mean of the',
    'raw runs just before and after it. Rows are counted as resident rows for both. **Goal (issue):** import rows/s ≥ 0.3 ×',
    'raw rows/s. On SQLite the same ratio by CPU time (process CPU time, all threads) is given as well: when other',
    'processes compete for the cores, wall time inflates unevenly, CPU time much less. "CPU contention" is the share of',
    'the wall time during which some task on the machine waited for a CPU (Linux PSI, system-wide).',
    '',
    "Each import runs in a child process of its own (a fresh Node process that opens the database with the server's",
    "settings and reads the file from disk before the clock starts): peak memory is that process's RSS, sampled every",
    '10 ms from a worker thread during the import; the RSS just before the import (Node + modules + the file, and for',
    '(c) the parsed rows) is given too. The phase rows time the parts of the path apart, in another fresh process',
    '(parse each file, then the write path step by step as apply.ts does it, on the parsed CSV).',
  ].join('\n'),

  async run(env: BenchEnv): Promise<Row[]> {
    const { roster, csv } = await rosterFiles(env);
    const n = roster.residents.length;
    const nh = roster.households.length;
    const grids = roster.gridCodes.length;
    env.log(`roster: ${n} residents, ${nh} households, ${grids} grids; csv ${(csv.length / 1e6).toFixed(1)} MB`);
    const xlsxMade = await timed(() => rosterXlsx(roster.rows));
    const xlsx = xlsxMade.value;
    env.log(`xlsx written in ${(xlsxMade.ms / 1000).toFixed(1)} s (${(xlsx.length / 1e6).toFixed(1)} MB)`);
    const csvPath = path.join(env.tmpDir, 'roster.csv');
    const xlsxPath = path.join(env.tmpDir, 'roster.xlsx');
    fs.writeFileSync(csvPath, csv);
    fs.writeFileSync(xlsxPath, xlsx);
    const rate = (ms: number) => n / (ms / 1000);
    let profiles = 0;
    if (env.profile)
      env.note(
        '⚠ Profiled run (--profile): the imports ran under the CPU profiler, so their figures are slower than usual.',
      );
    /** One import in a child process of its own, into `db` (released meanwhile). */
    const isolated = async (db: FreshDb, fileName: string, mode: ImportTaskInput['mode']) => {
      await db.release();
      const input: ImportTaskInput = {
        target: db.target,
        villageCode: CODE,
        fileName,
        dataPath: fileName.endsWith('.xlsx') ? xlsxPath : csvPath,
        mode,
      };
      if (env.profile)
        input.profile = path.resolve(
          OUT,
          `profile-${env.backend}-${mode}-${fileName.replace(/\W+/g, '-')}-${++profiles}.cpuprofile`,
        );
      const m = await runIsolated<ImportTaskResult>(TASKS, 'importTask', input);
      db.reopen();
      if (m.profile) for (const line of summaryText(m.profile)) env.note(`${mode} ${fileName}: ${line}`);
      return m;
    };
    const fresh = async (label: string) => {
      const db = await env.freshDb(label);
      const village = await makeVillage(db.ctx, CODE, grids);
      return { db, village };
    };

    // Reference: raw inserts, run before, between and after the imports, so that each import is
    // compared with the raw runs just before and after it (other load on the machine drifts).
    const rawRuns: RawTiming[] = [];
    const raw = async () => {
      const { db, village } = await fresh('raw');
      const r = await rawInsert(db, village.villageId, roster);
      await db.dispose();
      rawRuns.push(r);
      env.log(`raw insert: ${Math.round(r.ms)} ms (CPU ${Math.round(r.cpuMs)} ms${stallText(r.cpuStall)})`);
      return r;
    };
    const rawLabel = env.backend === 'sqlite' ? 'raw better-sqlite3' : 'raw pg';
    // On PostgreSQL the server's CPU time is not ours to count: no CPU-time ratio there.
    const sqlite = env.backend === 'sqlite';
    const rows: Row[] = [];
    const importRows = (label: string, m: Measured<unknown>, bracket: RawTiming[] | undefined, goal: boolean) => {
      const refs = bracket ?? rawRuns;
      const mean = (f: (r: RawTiming) => number) =>
        bracket ? bracket.reduce((a, b) => a + f(b), 0) / bracket.length : median(rawRuns.map(f));
      const refMs = mean((r) => r.ms);
      const refCpu = mean((r) => r.cpuMs);
      const r = rate(m.ms);
      const ratio = r / rate(refMs);
      const cpuRatio = refCpu / m.cpuMs;
      const refText = bracket
        ? `raw runs just before and after: ${refs.map((x) => `${Math.round(x.ms)} ms${stallText(x.cpuStall)}`).join(', ')}`
        : 'reference: median of all raw runs';
      rows.push({
        metric: `${label}: rows/s`,
        value: r,
        unit: 'rows/s',
        reference: { label: rawLabel, value: rate(refMs), unit: 'rows/s' },
        ratio,
        ...(goal ? { goal: `ratio ≥ ${GOAL}`, pass: ratio >= GOAL } : {}),
        note: `${(m.ms / 1000).toFixed(2)} s${stallText(m.cpuStall)}; ${refText}`,
      });
      if (sqlite) {
        rows.push({
          metric: `${label}: rows per CPU-second`,
          value: n / (m.cpuMs / 1000),
          unit: 'rows/CPU-s',
          reference: { label: `${rawLabel}, CPU time`, value: n / (refCpu / 1000), unit: 'rows/CPU-s' },
          ratio: cpuRatio,
          ...(goal ? { goal: `ratio ≥ ${GOAL}`, pass: cpuRatio >= GOAL } : {}),
          note: `CPU ${(m.cpuMs / 1000).toFixed(2)} s (all threads: GC included); less disturbed by other load than wall time`,
        });
      }
      rows.push({
        metric: `${label}: peak RSS`,
        value: m.peakRssMb,
        unit: 'MB',
        note: `RSS before: ${fmtMb(m.startRssMb)}; growth ${fmtMb(m.peakRssMb - m.startRssMb)}`,
      });
      env.log(
        `${label}: ${(m.ms / 1000).toFixed(2)} s, ${Math.round(r)} rows/s, ratio ${ratio.toFixed(3)} (CPU ${cpuRatio.toFixed(3)})${stallText(m.cpuStall)}, peak ${fmtMb(m.peakRssMb)}`,
      );
    };

    // (a) CSV end to end, then the same file again (a no-op).
    const raw0 = await raw();
    const a = await fresh('csv');
    const mA = await isolated(a.db, 'roster.csv', 'file');
    expectCreated(mA.value, nh, n, 'csv import');
    const mRe = await isolated(a.db, 'roster.csv', 'file');
    const re = mRe.value;
    if (
      re.problems.length ||
      re.households.created +
        re.households.updated +
        re.residents.created +
        re.residents.updated +
        re.assignments.created +
        re.assignments.changed !==
        0
    ) {
      throw new Error(`re-import is not a no-op: ${JSON.stringify({ ...re, problems: re.problems.slice(0, 3) })}`);
    }
    // The search case uses this village.
    env.provide<ImportedVillage>(VILLAGE_KEY, { db: a.db, village: a.village, roster });
    const raw1 = await raw();
    importRows('(a) CSV buffer → importRoster (parse + normalise + validate + write)', mA, [raw0, raw1], true);

    // (b) xlsx end to end.
    const b = await fresh('xlsx');
    const mB = await isolated(b.db, 'roster.xlsx', 'file');
    expectCreated(mB.value, nh, n, 'xlsx import');
    await b.db.dispose();
    const raw2 = await raw();
    importRows('(b) xlsx buffer → importRoster (xlsx parse + normalise + validate + write)', mB, [raw1, raw2], true);

    // (c) Already-parsed rows (parsed in the child before the clock starts): the write path only.
    const c = await fresh('sheet');
    const mC = await isolated(c.db, 'roster.csv', 'parsed');
    expectCreated(mC.value, nh, n, 'importSheet');
    await c.db.dispose();
    const raw3 = await raw();
    importRows('(c) parsed rows → importSheet (normalise + validate + write)', mC, [raw2, raw3], true);

    // (d) Dry run of the CSV into an empty village: everything but the writes.
    const d = await fresh('dry');
    const mD = await isolated(d.db, 'roster.csv', 'dry');
    if (mD.value.problems.length || mD.value.residents.created !== n) throw new Error('dry run: unexpected report');
    await d.db.dispose();
    importRows('(d) dry run of the CSV (parse + normalise + validate + plan, no write)', mD, undefined, false);
    importRows('re-import of the same CSV (no-op: nothing written but the imports row)', mRe, undefined, false);

    const rawMs = rawRuns.map((r) => r.ms);
    rows.unshift({
      metric: `reference: ${rawLabel} insert, households + residents, one transaction`,
      value: rate(median(rawMs)),
      unit: 'rows/s',
      note: `median of ${rawRuns.length} runs (${rawMs.map((m) => `${Math.round(m)} ms`).join(', ')}); each import is compared with the runs just before and after it`,
    });

    // Where the time goes: parse each format, then the write path phase by phase.
    const e = await fresh('phases');
    await e.db.release();
    const ph = await runIsolated<PhasesTaskResult>(TASKS, 'phasesTask', {
      target: e.db.target,
      villageCode: CODE,
      csvPath,
      xlsxPath,
    } satisfies PhasesTaskInput);
    await e.db.dispose();
    if (!ph.sameRows) env.note('⚠ the xlsx and the CSV did not parse to the same rows.');
    const { phases } = ph;
    const pCsv = { ms: ph.parseCsvMs };
    const pXlsx = { ms: ph.parseXlsxMs };
    const total = phases.reduce((s, [, ms]) => s + ms, 0);
    const phaseRows: Row[] = [
      {
        metric: 'phase: parse CSV (parseFile: decode + parseCsv + toSheet)',
        value: pCsv.ms,
        unit: 'ms',
        note: `${Math.round(rate(pCsv.ms)).toLocaleString('en')} rows/s`,
      },
      {
        metric: 'phase: parse xlsx (parseFile: unzip + xlsx-read + toSheet)',
        value: pXlsx.ms,
        unit: 'ms',
        note: `${Math.round(rate(pXlsx.ms)).toLocaleString('en')} rows/s`,
      },
      ...phases.map(([name, ms]): Row => ({
        metric: `phase: ${name}`,
        value: ms,
        unit: 'ms',
        note: `${((ms / total) * 100).toFixed(0)}% of the write path`,
      })),
      {
        metric: 'phase: write path total (as importSheet, timed apart)',
        value: total,
        unit: 'ms',
        note: `${Math.round(rate(total)).toLocaleString('en')} rows/s; median raw insert of the same rows: ${Math.round(median(rawMs))} ms`,
      },
    ];
    rows.push(...phaseRows);
    env.note(
      `${n.toLocaleString('en')} residents in ${nh.toLocaleString('en')} households, ${grids} grids; CSV ${(csv.length / 1e6).toFixed(1)} MB, ` +
        `xlsx ${(xlsx.length / 1e6).toFixed(1)} MB (written with ExcelJS's streaming writer, shared strings, in ${(xlsxMade.ms / 1000).toFixed(1)} s; not timed).`,
    );
    return rows;
  },
};

export default importCase;
