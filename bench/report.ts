/** Render results: a plain-text table per case for the terminal, and docs/benchmarks.md. */
import type { Machine } from './lib/machine';
import type { CaseResult, Row } from './lib/types';

export interface RunInfo {
  machine: Machine;
  backends: string[];
  rows: number;
  seconds: number;
  command: string;
  maxRssMb: number;
}

const BACKEND_TITLE: Record<string, string> = { sqlite: 'SQLite (better-sqlite3)', postgres: 'PostgreSQL (pg)' };

export function fmtValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'rows/s' || unit === 'rows/CPU-s') return `${Math.round(value).toLocaleString('en')} ${unit}`;
  if (unit === 'MB') return `${Math.round(value).toLocaleString('en')} MB`;
  if (unit === 'ms') {
    const digits = value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0;
    return `${value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ms`;
  }
  return `${value.toLocaleString('en', { maximumFractionDigits: 2 })} ${unit}`;
}

export function fmtRatio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '';
  return `${r < 1 ? r.toFixed(3) : r < 10 ? r.toFixed(2) : r < 100 ? r.toFixed(1) : r.toFixed(0)}×`;
}

const verdict = (row: Row) => (row.pass === undefined ? '' : row.pass ? 'pass' : 'FAIL');
const cells = (row: Row) => [
  row.metric,
  fmtValue(row.value, row.unit),
  row.reference ? `${fmtValue(row.reference.value, row.reference.unit)} (${row.reference.label})` : '',
  fmtRatio(row.ratio),
  row.goal ?? '',
  verdict(row),
  row.note ?? '',
];
const HEAD = ['metric', 'value', 'reference', 'ratio', 'goal', 'result', 'notes'];

/** Display width: CJK and full-width characters take two columns. */
const width = (s: string) =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1),
    0,
  );
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

export function renderText(results: CaseResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push('', `== ${r.title} [${r.backend}] (${r.seconds.toFixed(1)} s) ==`);
    if (r.error) out.push(`ERROR: ${r.error}`);
    const table = [HEAD.slice(0, 6), ...r.rows.map((row) => cells(row).slice(0, 6))];
    const widths = HEAD.slice(0, 6).map((_, i) => Math.max(...table.map((t) => width(t[i]))));
    for (const t of table)
      out.push(
        t
          .map((c, i) => pad(c, widths[i]))
          .join('  ')
          .trimEnd(),
      );
    for (const n of r.notes) out.push(`  note: ${n}`);
  }
  return out.join('\n');
}

const esc = (s: string) => s.replace(/\|/g, '\\|');

function summary(results: CaseResult[]): string[] {
  const lines = ['| backend | case | metric | value | ratio | goal | result |', '|---|---|---|---:|---:|---|---|'];
  for (const r of results) {
    const backend = BACKEND_TITLE[r.backend] ?? r.backend;
    for (const row of r.rows) {
      if (row.pass === undefined) continue;
      lines.push(
        `| ${backend} | ${r.title} | ${esc(row.metric)} | ${fmtValue(row.value, row.unit)} | ${fmtRatio(row.ratio)} | ${esc(row.goal ?? '')} | ${row.pass ? '✅ pass' : '❌ FAIL'} |`,
      );
    }
    if (r.error) lines.push(`| ${backend} | ${r.title} | — | — | — | — | ⚠️ failed: ${esc(r.error)} |`);
  }
  return lines;
}

/** The hand-written part of the report (analysis, where the time goes), kept across runs. */
export const KEPT_BEGIN = '<!-- hand-written: kept by npm run bench, edit freely between these markers -->';
export const KEPT_END = '<!-- end of hand-written part -->';

/** The hand-written part of an earlier report, markers included ('' if none). */
export function keptPart(previous: string | null): string {
  if (!previous) return '';
  const a = previous.indexOf(KEPT_BEGIN);
  const b = previous.indexOf(KEPT_END);
  return a >= 0 && b > a ? previous.slice(a, b + KEPT_END.length) : '';
}

export function renderMarkdown(info: RunInfo, results: CaseResult[], kept = ''): string {
  const m = info.machine;
  const out: string[] = [
    '# Benchmarks',
    '',
    `<!-- Written by \`npm run bench\` (bench/run.ts, bench/report.ts). Do not edit by hand: re-run it (the hand-written part at the end is kept). -->`,
    '',
    `Last run: ${m.date.slice(0, 16).replace('T', ' ')} UTC, \`${info.command}\`, ${info.backends.map((b) => BACKEND_TITLE[b] ?? b).join(' and ')}, ` +
      `${info.rows.toLocaleString('en')}-resident roster, ${info.seconds.toFixed(0)} s in all (process peak RSS ${Math.round(info.maxRssMb)} MB).`,
    '',
    '**Absolute numbers drift** between machines, and between runs on the same machine (CPU frequency, other load,',
    'disk cache). What counts is the **ratio** against the reference that the same run measured just before or after',
    'on the same machine and backend (e.g. import rows/s ÷ raw insert rows/s); the goals are set on those ratios, or,',
    'for interactive latency, on an absolute bound.',
    '',
    '## How to run',
    '',
    '```sh',
    'npm run bench                                   # SQLite: fresh database files in the OS temp dir, same pragmas as the server',
    'DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench   # SQLite, then PostgreSQL (fresh schemas, dropped after)',
    'npm run bench -- --backend postgres             # PostgreSQL only (needs DATABASE_URL)',
    'npm run bench -- search --rows 20000            # some cases, smaller roster: writes bench/out/benchmarks.md instead',
    'npm run bench -- import --profile               # CPU profiles of the imports: bench/out/*.cpuprofile + top functions in the notes',
    'npm run bench -- http --backend sqlite          # the HTTP case alone (needs wrk: apt-get install wrk); --profile: server profiles',
    'BENCH_HTTP=health npm run bench -- http         # only some of its routes (proposal, households, health)',
    'npm run bench -- web --backend sqlite           # first-screen JS+CSS of the phone app and the console, throttled timings (Chromium)',
    '```',
    '',
    'A full run (every case, default size) rewrites this file; every run also writes `bench/out/results-<time>.json`',
    '(git-ignored). The benchmark is not part of `npm test`. On 2 cores the import and search cases take about 2 minutes',
    'on SQLite and about 2 more on PostgreSQL when the machine is otherwise idle (much longer under other load); each',
    "case's time is given under its table. The HTTP case takes about 2 minutes per backend.",
    '',
    'Adding a benchmark: write `bench/cases/<name>.ts` exporting a `BenchCase` (`{ name, title, description?, run(env) }`,',
    '`run` returns rows: metric, value, unit, reference, ratio, goal, pass, note — see `bench/lib/types.ts`), and add it to',
    'the list in `bench/run.ts`. Helpers: `bench/lib/timer.ts` (hrtime, percentiles, latency loops), `memory.ts` (peak RSS),',
    '`env.ts` (fresh databases, shared fixtures), `roster.ts` (generated roster), `village.ts`, `raw.ts` (raw-insert reference).',
    '',
    '## Machine',
    '',
    '| CPU | cores | memory | Node | OS | load average (1 min), start → end |',
    '|---|---|---|---|---|---|',
    `| ${m.cpu} | ${m.cores} | ${m.memoryGb} GB | ${m.node} | ${m.os} | ${m.load.start.toFixed(2)} → ${m.load.end.toFixed(2)} |`,
    '',
    'A load average above the number of cores means other processes shared the CPUs during the run: wall-clock figures',
    'are then inflated, and references measured minutes apart are less comparable (hence the bracketing raw runs and',
    'the CPU-time ratios in the import notes).',
    '',
    '## Goals',
    '',
    'Where the wall-clock and the CPU-time verdicts of an import differ, or a p99 fails under heavy CPU contention (see the',
    'notes), the run was disturbed by other load: the CPU-time figures are the more trustworthy then; re-run on a quiet machine.',
    '',
    ...summary(results),
  ];
  for (const backend of info.backends) {
    out.push('', `## ${BACKEND_TITLE[backend] ?? backend}`);
    for (const r of results.filter((x) => x.backend === backend)) {
      out.push('', `### ${r.title}`, '');
      if (r.description) out.push(r.description, '');
      if (r.error) out.push(`**Failed:** \`${esc(r.error)}\``, '');
      if (r.rows.length) {
        out.push(`| ${HEAD.join(' | ')} |`, `|${HEAD.map((_, i) => (i === 0 || i === 6 ? '---' : '---:')).join('|')}|`);
        for (const row of r.rows) out.push(`| ${cells(row).map(esc).join(' | ')} |`);
        out.push('');
      }
      for (const n of r.notes) out.push(`- ${n}`);
      out.push(`- Case time: ${r.seconds.toFixed(1)} s.`);
    }
  }
  if (kept) out.push('', kept);
  return out.join('\n') + '\n';
}
