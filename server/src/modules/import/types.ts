import type { Gender, HouseholdKind, Relation, ResidenceStatus } from '../../db/types';
import type { ColumnKey } from './columns';
import type { Problem } from './problems';

/** A cell as read: text, a number (xlsx numeric cell) or a date (xlsx date cell); empty cells are absent. */
export type RawCell = string | number | Date;

export interface RawRow {
  /** 1-based row number in the spreadsheet (the header is usually row 1). */
  row: number;
  cells: Partial<Record<ColumnKey, RawCell>>;
}

/** A parsed file: which columns it has (key → header text as written), and its data rows. */
export interface Sheet {
  format: 'xlsx' | 'csv';
  headerRow: number;
  columns: Partial<Record<ColumnKey, string>>;
  rows: RawRow[];
  /** Header problems (missing/duplicate headers) block the import. */
  problems: Problem[];
  /** Unknown headers: reported, ignored. */
  warnings: Problem[];
}

/** One household (or unit) as the file describes it. Undefined = not given: keep what is stored. */
export interface FileHousehold {
  number: string;
  firstRow: number;
  kind?: HouseholdKind;
  address?: string;
  unitName?: string | null;
  /** Household tags, from rows that describe the unit only (no resident). */
  tags?: string[];
  gridNodeId?: string;
}

export interface FileResident {
  row: number;
  householdNumber: string;
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  relation?: Relation;
  /** null = no phone; undefined = column absent. */
  phone?: string | null;
  status?: ResidenceStatus;
  tags?: string[];
}

export interface CheckResult {
  households: FileHousehold[];
  residents: FileResident[];
  problems: Problem[];
  /** Non-empty data rows. */
  rows: number;
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  dryRun: boolean;
  fileName: string;
  rows: number;
  households: Counts;
  residents: Counts & { moved: number };
  /** Grid assignments in the active structure made or changed by this import. */
  assignments: { created: number; changed: number };
  /** Households of the file left in no grid of the active structure: each is also a NO_GRID warning. */
  withoutGrid: number;
  problems: Problem[];
  warnings: Problem[];
  /** The id of the `imports` record (real imports only). */
  importId?: string;
}
