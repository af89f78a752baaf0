/**
 * PURE: raw rows + what the village already holds → normalised households and residents, and
 * every problem with its row, column and code. Nothing here touches the database or the clock.
 *
 * Rules worth knowing:
 * - full-width characters and stray spaces are normalised, never rejected;
 * - gender and birth date come from the ID number when their cells are empty, and must agree
 *   with it when filled;
 * - household fields (地址, 户类型, 单位名称, 网格, 户标签) may be written on one row of the household only
 *   (merged cells); two different non-empty values are INCONSISTENT_HOUSEHOLD;
 * - a row with neither 姓名 nor 身份证号 describes the household/unit only;
 * - an ID number already in the village under another household is a move when the name is the
 *   same person's, and DUPLICATE_ID when the name differs.
 */
import type { Gender, HouseholdKind, Relation, ResidenceStatus } from '../../db/types';
import { checkIdNumber } from '../registry/idcard';
import { genders, householdKinds, labelLookup, relations, residenceStatuses, type Label } from '../registry/labels';
import { hasPictograph, needsCleaning } from '../../lib/text';
import { cleanCode, cleanText, normalizeDate, normalizePhone } from '../registry/normalize';
import { COLUMN_BY_KEY, type ColumnKey } from './columns';
import { messages, problem, sortProblems, type Problem } from './problems';
import type { CheckResult, FileHousehold, FileResident, RawCell, RawRow } from './types';

export interface GridRef {
  id: string;
  code: string;
  name: string;
}

export interface ExistingResident {
  householdNumber: string;
  name: string;
  relation: Relation;
}

export interface CheckContext {
  /** Grids of the village's active structure (empty when there is none). */
  grids: GridRef[];
  /** Residents already in the village, by ID number. */
  residents: ReadonlyMap<string, ExistingResident>;
  /** Households already in the village, by number. */
  households: ReadonlyMap<string, { kind: HouseholdKind }>;
  today: Date;
}

export interface CheckInput {
  columns: Partial<Record<ColumnKey, string>>;
  rows: RawRow[];
}

const allowed = (t: Record<string, Label>) =>
  Object.values(t)
    .map((l) => l.zh)
    .join('、');
const ALLOWED = {
  householdKind: allowed(householdKinds),
  gender: allowed(genders),
  relation: allowed(relations),
  status: allowed(residenceStatuses),
};

const TAG_SPLIT = /[、,，;；\s]+/;
const CJK_GAP = /(?<=[\u3400-\u9fff\uf900-\ufaff])\s+(?=[\u3400-\u9fff\uf900-\ufaff])/g;
const LOWER = /[a-z]/;
/** The longest text a cell may hold, as the API allows (lengths after clean-up). */
const MAX = { name: 50, address: 200, unitName: 100 } as const;

// Fast paths with the same results as lib/text.ts: most cells are already clean.
const tidyText = (s: string) => (needsCleaning(s) ? cleanText(s) : s);
const tidyCode = (s: string) => (needsCleaning(s) ? cleanCode(s) : LOWER.test(s) ? s.toUpperCase() : s);

/** Label lookups remember what they have seen: a roster repeats a handful of values. */
function memo<K extends string>(lookup: (raw: string) => K | undefined): (raw: string) => K | undefined {
  const seen = new Map<string, K | undefined>();
  return (raw) => {
    if (seen.has(raw)) return seen.get(raw);
    const v = lookup(raw);
    if (seen.size < 10_000) seen.set(raw, v);
    return v;
  };
}
const kindOf = memo(labelLookup(householdKinds));
const genderOf = memo(labelLookup(genders));
const relationOf = memo(labelLookup(relations));
const statusOf = memo(labelLookup(residenceStatuses));

/** Any cell as text; dates as YYYY-MM-DD. */
function text(c: RawCell | undefined): string {
  if (c === undefined) return '';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return String(c);
  return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
}

/** Codes (户号, 身份证号, 电话): half-width, no spaces, upper case, no leading text-marker apostrophe. */
function code(c: RawCell | undefined): string {
  const s = tidyCode(text(c));
  return s.charCodeAt(0) === 39 /* ' */ ? s.slice(1) : s;
}

/** Names: half-width, collapsed spaces, and no spaces between Chinese characters ("张 三" → "张三"). */
export const cleanName = (c: RawCell | undefined): string => {
  const s = tidyText(text(c));
  return s.indexOf(' ') < 0 ? s : s.replace(CJK_GAP, '');
};

export function splitTags(c: RawCell | undefined): string[] {
  const s = tidyText(text(c));
  if (s === '') return [];
  const out: string[] = [];
  for (const t of s.split(TAG_SPLIT)) if (t !== '' && !out.includes(t)) out.push(t);
  return out;
}

/** Household fields that must agree across the rows of one household, by index into `seenAt`. */
const KIND = 0;
const ADDRESS = 1;
const UNIT = 2;
const GRID = 3;
const TAGS = 4;

interface HouseholdAgg {
  h: FileHousehold;
  /** Row where each household field was first given (0 = not yet). */
  seenAt: number[];
  firstResidentRow: number;
  headRows: number[] | null;
  /** A resident row without a valid ID number: who is who is unknown, so heads are not counted. */
  unsure: boolean;
}

/** One pass over the rows; state lives here rather than in per-row closures. */
class Checker {
  readonly problems: Problem[] = [];
  readonly households = new Map<string, HouseholdAgg>();
  readonly residents: FileResident[] = [];
  /** ID number → first row; and the rows of IDs seen more than once. */
  readonly idFirstRow = new Map<string, number>();
  readonly idDupRows = new Map<string, number[]>();
  private readonly gridByKey = new Map<string, GridRef>();
  private readonly hasPhone: boolean;
  private readonly hasTags: boolean;
  private readonly hasHouseholdTags: boolean;

  constructor(
    private readonly columns: Partial<Record<ColumnKey, string>>,
    private readonly ctx: CheckContext,
  ) {
    for (const g of ctx.grids) {
      this.gridByKey.set(cleanCode(g.code), g);
      this.gridByKey.set(cleanText(g.name), g);
    }
    this.hasPhone = columns.phone !== undefined;
    this.hasTags = columns.tags !== undefined;
    this.hasHouseholdTags = columns.householdTags !== undefined;
  }

  header(k: ColumnKey): string {
    return this.columns[k] ?? COLUMN_BY_KEY[k].zh;
  }

  report(row: number, k: ColumnKey, code_: Problem['code'], msg: { zh: string; en: string }, value?: string) {
    this.problems.push(problem(row, this.header(k), code_, msg, value));
  }

  /** Text longer than the API takes is refused here too (reported with its start). */
  notTooLong(row: number, k: keyof typeof MAX, value: string): boolean {
    if (value.length <= MAX[k]) return true;
    this.report(row, k, 'TOO_LONG', messages.TOO_LONG(this.header(k), MAX[k]), `${value.slice(0, 20)}…`);
    return false;
  }

  /** Record a household field; false (and maybe a problem) when it was already given. */
  agree(
    a: HouseholdAgg,
    field: number,
    stored: string | undefined,
    value: string,
    row: number,
    k: ColumnKey,
    shown: string,
  ): boolean {
    if (value === '') return false;
    const at = a.seenAt[field];
    if (at === 0) {
      a.seenAt[field] = row;
      return true;
    }
    if (stored !== value) {
      const first =
        field === KIND
          ? householdKinds[stored as HouseholdKind].zh
          : field === GRID
            ? (this.ctx.grids.find((g) => g.id === stored)?.code ?? '')
            : (stored ?? '');
      this.report(
        row,
        k,
        'INCONSISTENT_HOUSEHOLD',
        messages.INCONSISTENT_HOUSEHOLD(a.h.number, this.header(k), first, at),
        shown,
      );
    }
    return false;
  }

  household(row: number, cells: RawRow['cells'], number: string): HouseholdAgg | undefined {
    let kind: HouseholdKind | undefined;
    const kindText = tidyText(text(cells.householdKind));
    if (kindText !== '') {
      kind = kindOf(kindText);
      if (!kind)
        this.report(
          row,
          'householdKind',
          'UNKNOWN_VALUE',
          messages.UNKNOWN_VALUE(this.header('householdKind'), kindText, ALLOWED.householdKind),
          kindText,
        );
    }
    let grid: GridRef | undefined;
    const gridText = tidyText(text(cells.grid));
    if (gridText !== '') {
      grid = this.gridByKey.get(tidyCode(gridText)) ?? this.gridByKey.get(gridText);
      if (!grid) this.report(row, 'grid', 'UNKNOWN_GRID', messages.UNKNOWN_GRID(gridText), gridText);
    }
    if (number === '') return undefined;
    let a = this.households.get(number);
    if (!a) {
      a = { h: { number, firstRow: row }, seenAt: [0, 0, 0, 0, 0], firstResidentRow: 0, headRows: null, unsure: false };
      this.households.set(number, a);
    }
    const h = a.h;
    if (kind && this.agree(a, KIND, h.kind, kind, row, 'householdKind', kindText)) h.kind = kind;
    const address = tidyText(text(cells.address));
    if (this.notTooLong(row, 'address', address) && this.agree(a, ADDRESS, h.address, address, row, 'address', address))
      h.address = address;
    const unitName = tidyText(text(cells.unitName));
    if (
      this.notTooLong(row, 'unitName', unitName) &&
      this.agree(a, UNIT, h.unitName ?? undefined, unitName, row, 'unitName', unitName)
    )
      h.unitName = unitName;
    if (grid && this.agree(a, GRID, h.gridNodeId, grid.id, row, 'grid', gridText)) h.gridNodeId = grid.id;
    if (this.hasHouseholdTags && cells.householdTags !== undefined) {
      const tags = splitTags(cells.householdTags);
      if (this.agree(a, TAGS, h.tags?.join('、'), tags.join('、'), row, 'householdTags', tags.join('、')))
        h.tags = tags;
    }
    return a;
  }

  row({ row, cells }: RawRow) {
    const before = this.problems.length;
    const number = code(cells.householdNumber);
    if (number === '')
      this.report(row, 'householdNumber', 'MISSING_HOUSEHOLD_NUMBER', messages.MISSING_HOUSEHOLD_NUMBER());
    const a = this.household(row, cells, number);

    const name = cleanName(cells.name);
    const rawId = cells.idNumber;
    const idNumber = code(rawId);
    if (name === '' && idNumber === '') {
      // The household or unit only: without a 户标签 column, its 标签 are the household's.
      if (a && this.hasTags && !this.hasHouseholdTags) {
        const tags = splitTags(cells.tags);
        const h = a.h;
        h.tags = h.tags ? [...h.tags, ...tags.filter((t) => !h.tags!.includes(t))] : tags;
      }
      return;
    }
    if (name === '') this.report(row, 'name', 'MISSING_NAME', messages.MISSING_NAME());
    else if (hasPictograph(name)) this.report(row, 'name', 'NAME_PICTOGRAPH', messages.NAME_PICTOGRAPH(), name);
    else this.notTooLong(row, 'name', name);

    let info: { birthDate: string; gender: Gender } | undefined;
    if (idNumber === '') this.report(row, 'idNumber', 'MISSING_ID_NUMBER', messages.MISSING_ID_NUMBER());
    else {
      // An 18-digit number stored as a spreadsheet number has lost its last digits.
      const numeric = typeof rawId === 'number' && !Number.isSafeInteger(rawId);
      const checked = numeric ? undefined : checkIdNumber(idNumber, this.ctx.today);
      if (checked?.ok) info = checked.info;
      else if (!checked || checked.problem === 'format')
        this.report(row, 'idNumber', 'ID_FORMAT', messages.ID_FORMAT(idNumber, numeric), idNumber);
      else if (checked.problem === 'birth_date')
        this.report(row, 'idNumber', 'ID_BIRTH_DATE', messages.ID_BIRTH_DATE(), idNumber);
      else this.report(row, 'idNumber', 'ID_CHECK_DIGIT', messages.ID_CHECK_DIGIT(), idNumber);
      const first = this.idFirstRow.get(idNumber);
      if (first === undefined) this.idFirstRow.set(idNumber, row);
      else {
        const dup = this.idDupRows.get(idNumber);
        if (dup) dup.push(row);
        else this.idDupRows.set(idNumber, [first, row]);
      }
    }

    const genderText = tidyText(text(cells.gender));
    if (genderText !== '') {
      const gender = genderOf(genderText);
      if (!gender)
        this.report(
          row,
          'gender',
          'UNKNOWN_VALUE',
          messages.UNKNOWN_VALUE(this.header('gender'), genderText, ALLOWED.gender),
          genderText,
        );
      else if (info && gender !== info.gender)
        this.report(row, 'gender', 'GENDER_MISMATCH', messages.GENDER_MISMATCH(info.gender), genderText);
    }
    const birthCell = cells.birthDate;
    if (birthCell !== undefined && !(info && birthCell === info.birthDate)) {
      // A Date or a number (an Excel date serial) as it is; text as typed.
      const birth = normalizeDate(typeof birthCell === 'string' ? text(birthCell) : birthCell);
      if (birth === 'invalid') this.report(row, 'birthDate', 'DATE_FORMAT', messages.DATE_FORMAT(), text(birthCell));
      else if (birth && info && birth !== info.birthDate)
        this.report(row, 'birthDate', 'BIRTH_DATE_MISMATCH', messages.BIRTH_DATE_MISMATCH(info.birthDate), birth);
    }

    let relation: Relation | undefined;
    const relationText = tidyText(text(cells.relation));
    const existing = idNumber === '' ? undefined : this.ctx.residents.get(idNumber);
    if (relationText !== '') {
      relation = relationOf(relationText);
      if (!relation)
        this.report(
          row,
          'relation',
          'UNKNOWN_VALUE',
          messages.UNKNOWN_VALUE(this.header('relation'), relationText, ALLOWED.relation),
          relationText,
        );
    } else if (info && !existing) this.report(row, 'relation', 'MISSING_RELATION', messages.MISSING_RELATION());

    let phone: string | null = null;
    if (this.hasPhone && cells.phone !== undefined) {
      const p = normalizePhone(text(cells.phone));
      if (p === 'invalid')
        this.report(
          row,
          'phone',
          'PHONE_FORMAT',
          messages.PHONE_FORMAT(text(cells.phone)),
          cleanCode(text(cells.phone)),
        );
      else phone = p;
    }

    let status: ResidenceStatus | undefined;
    const statusText = tidyText(text(cells.status));
    if (statusText !== '') {
      status = statusOf(statusText);
      if (!status)
        this.report(
          row,
          'status',
          'UNKNOWN_VALUE',
          messages.UNKNOWN_VALUE(this.header('status'), statusText, ALLOWED.status),
          statusText,
        );
    }

    if (existing && number !== '' && name !== '' && existing.householdNumber !== number && existing.name !== name) {
      this.report(
        row,
        'idNumber',
        'DUPLICATE_ID',
        messages.DUPLICATE_ID_VILLAGE(existing.householdNumber, existing.name),
        idNumber,
      );
    }

    if (a) {
      if (a.firstResidentRow === 0) a.firstResidentRow = row;
      if ((relation ?? existing?.relation) === 'head') (a.headRows ??= []).push(row);
      if (!info) a.unsure = true;
    }
    if (this.problems.length === before && info) {
      const r: FileResident = {
        row,
        householdNumber: number,
        name,
        idNumber,
        gender: info.gender,
        birthDate: info.birthDate,
      };
      if (relation) r.relation = relation;
      if (this.hasPhone) r.phone = phone;
      if (status) r.status = status;
      if (this.hasTags) r.tags = cells.tags === undefined ? [] : splitTags(cells.tags);
      this.residents.push(r);
    }
  }

  /**
   * Every person-household (住户) the file lists residents for needs exactly one head, counting
   * the heads already stored in that household who are not moved elsewhere by the file. Skipped
   * for a household with a row whose ID number is bad (already reported; who it is, is unknown).
   */
  heads() {
    const column = this.header('relation');
    const storedHeads = new Map<string, number>();
    for (const [id, r] of this.ctx.residents) {
      if (r.relation !== 'head' || this.idFirstRow.has(id) || !this.households.has(r.householdNumber)) continue;
      storedHeads.set(r.householdNumber, (storedHeads.get(r.householdNumber) ?? 0) + 1);
    }
    for (const a of this.households.values()) {
      if (a.firstResidentRow === 0 || a.unsure) continue;
      const number = a.h.number;
      const kind = a.h.kind ?? this.ctx.households.get(number)?.kind ?? 'household';
      if (kind !== 'household') continue;
      const total = (a.headRows?.length ?? 0) + (storedHeads.get(number) ?? 0);
      if (total === 0) this.problems.push(problem(a.firstResidentRow, column, 'NO_HEAD', messages.NO_HEAD(number)));
      else if (total > 1)
        for (const row of a.headRows ?? [])
          this.problems.push(problem(row, column, 'TWO_HEADS', messages.TWO_HEADS(number)));
    }
  }

  /** The same ID number on several rows: every one of them is reported, and none is imported. */
  duplicates(): Set<number> | undefined {
    if (this.idDupRows.size === 0) return undefined;
    const rows = new Set<number>();
    for (const [id, rs] of this.idDupRows) {
      for (const r of rs) {
        this.problems.push(problem(r, this.header('idNumber'), 'DUPLICATE_ID', messages.DUPLICATE_ID_FILE(rs), id));
        rows.add(r);
      }
    }
    return rows;
  }
}

export function checkRows(input: CheckInput, ctx: CheckContext): CheckResult {
  const c = new Checker(input.columns, ctx);
  for (const r of input.rows) c.row(r);
  const dup = c.duplicates();
  c.heads();
  const households: FileHousehold[] = [];
  for (const a of c.households.values()) households.push(a.h);
  return {
    households,
    residents: dup ? c.residents.filter((r) => !dup.has(r.row)) : c.residents,
    problems: sortProblems(c.problems),
    rows: input.rows.length,
  };
}
