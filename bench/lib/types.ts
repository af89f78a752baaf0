import type { BenchEnv } from './env';

/** One line of a case's table. */
export interface Row {
  metric: string;
  value: number;
  /** 'rows/s', 'ms', 'MB', … */
  unit: string;
  /** What `ratio` compares against, measured in the same run. */
  reference?: { label: string; value: number; unit: string };
  /** value ÷ reference (or as the metric says); its goal, if any, is in `goal`. */
  ratio?: number;
  /** The goal in words, e.g. "ratio ≥ 0.30" or "p99 < 100 ms". */
  goal?: string;
  /** Whether the goal is met (absent: no goal, informational). */
  pass?: boolean;
  note?: string;
}

/** A benchmark: bench/cases/*.ts export one (default export) and bench/run.ts lists them. */
export interface BenchCase {
  name: string;
  title: string;
  /** Markdown shown above the table: what is measured and how. */
  description?: string;
  run(env: BenchEnv): Promise<Row[]>;
}

export interface CaseResult {
  name: string;
  title: string;
  description?: string;
  backend: string;
  rows: Row[];
  notes: string[];
  seconds: number;
  error?: string;
}
