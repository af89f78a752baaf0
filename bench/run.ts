/**
 * `npm run bench [-- case… --rows N --backend sqlite|postgres|both --out FILE]`
 *
 * Runs the cases below on SQLite (a fresh file database per measurement, openDatabase's
 * pragmas), and on PostgreSQL too when DATABASE_URL is set (a fresh schema per measurement,
 * dropped after). Prints a table per case and writes docs/benchmarks.md (full runs) or
 * bench/out/benchmarks.md (partial or profiled runs), plus bench/out/results-<time>.json.
 * --profile: CPU-profile the import steps (bench/out/profile-*.cpuprofile, summarised in the notes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../server/src/db/database';
import importCase from './cases/import';
import searchCase from './cases/search';
import ledgerCase from './cases/ledger';
import httpCase from './cases/http';
import soakCase from './cases/soak';
import webCase from './cases/web';
import { makeEnv, makeTmpRoot } from './lib/env';
import { machine } from './lib/machine';
import { maxRssMb, stopSampler } from './lib/memory';
import type { BenchCase, CaseResult } from './lib/types';
import { keptPart, renderMarkdown, renderText } from './report';

/** In order: later cases may reuse fixtures of earlier ones (search uses the imported village). */
const CASES: BenchCase[] = [importCase, searchCase, ledgerCase, httpCase, webCase, soakCase];
const DEFAULT_ROWS = 100_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]) {
  const names: string[] = [];
  let rows = DEFAULT_ROWS;
  let backend: string | undefined;
  let out: string | undefined;
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--rows') rows = Number(value());
    else if (a === '--backend') backend = value();
    else if (a === '--out') out = value();
    else if (a === '--profile') profile = true;
    else if (a === '--help' || a === '-h') {
      console.log(
        `usage: npm run bench -- [${CASES.map((c) => c.name).join('|')}…] [--rows N] [--backend sqlite|postgres|both] [--out FILE] [--profile]`,
      );
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else names.push(a);
  }
  if (!Number.isInteger(rows) || rows < 100) throw new Error('--rows: an integer ≥ 100');
  const unknown = names.filter((n) => !CASES.some((c) => c.name === n));
  if (unknown.length)
    throw new Error(`unknown case(s): ${unknown.join(', ')}; known: ${CASES.map((c) => c.name).join(', ')}`);
  const url = process.env.DATABASE_URL;
  const wanted = backend ?? (url ? 'both' : 'sqlite');
  const backends: Backend[] =
    wanted === 'both' ? ['sqlite', 'postgres'] : wanted === 'sqlite' || wanted === 'postgres' ? [wanted] : [];
  if (!backends.length) throw new Error(`--backend: sqlite, postgres or both`);
  if (backends.includes('postgres') && !url) throw new Error('PostgreSQL needs DATABASE_URL');
  const cases = names.length ? CASES.filter((c) => names.includes(c.name)) : CASES;
  // Profiled figures are slower than the real ones: never write them over docs/benchmarks.md.
  const full = cases.length === CASES.length && rows === DEFAULT_ROWS && !profile;
  return { cases, rows, backends, url, profile, out: out ?? (full ? 'docs/benchmarks.md' : 'bench/out/benchmarks.md') };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const tmpRoot = makeTmpRoot();
  const results: CaseResult[] = [];
  console.error(
    `wangge bench: ${args.cases.map((c) => c.name).join(', ')} on ${args.backends.join(' + ')}, ${args.rows.toLocaleString('en')} residents`,
  );
  try {
    for (const backend of args.backends) {
      const handle = makeEnv(backend, { url: args.url, rows: args.rows, tmpRoot, profile: args.profile });
      try {
        for (const c of args.cases) {
          console.error(`- ${c.name} [${backend}]`);
          const t0 = process.hrtime.bigint();
          const result: CaseResult = {
            name: c.name,
            title: c.title,
            description: c.description,
            backend,
            rows: [],
            notes: [],
            seconds: 0,
          };
          try {
            result.rows = await c.run(handle.env);
          } catch (e) {
            result.error = e instanceof Error ? e.message : String(e);
            console.error(e);
          }
          result.notes = handle.takeNotes();
          result.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
          results.push(result);
          console.log(renderText([result]));
        }
      } finally {
        await handle.dispose();
      }
    }
  } finally {
    await stopSampler();
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const info = {
    machine: machine(),
    backends: args.backends,
    rows: args.rows,
    seconds,
    command: ['npm run bench', ...process.argv.slice(2)]
      .join(' ')
      .replace('bench ', process.argv.length > 2 ? 'bench -- ' : 'bench '),
    maxRssMb: maxRssMb(),
  };
  const outFile = path.resolve(root, args.out);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // The hand-written analysis of docs/benchmarks.md survives every run (partial runs too).
  const docs = path.join(root, 'docs/benchmarks.md');
  const kept = keptPart(fs.existsSync(docs) ? fs.readFileSync(docs, 'utf8') : null);
  fs.writeFileSync(outFile, renderMarkdown(info, results, kept));
  const jsonDir = path.join(root, 'bench/out');
  fs.mkdirSync(jsonDir, { recursive: true });
  const jsonFile = path.join(jsonDir, `results-${info.machine.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(jsonFile, JSON.stringify({ ...info, results }, null, 2));
  console.log(
    `\n${results.length} case run(s) in ${seconds.toFixed(0)} s; wrote ${path.relative(root, outFile)} and ${path.relative(root, jsonFile)}`,
  );
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
