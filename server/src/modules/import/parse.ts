/**
 * Read an uploaded roster (xlsx or csv) into a header map and raw rows with their spreadsheet row
 * numbers. No rules here beyond finding the header row; checking is check.ts's job.
 */
import { loadExcel } from '../../lib/excel';
import { AppError } from '../../lib/errors';
import { COLUMNS, columnOf, type ColumnKey } from './columns';
import { decodeText, parseCsv } from './csv';
import { messages, problem, type Problem } from './problems';
import type { RawCell, RawRow, Sheet } from './types';
import { readXlsxGridsFast, type Grid } from './xlsx-read';

export type Format = 'xlsx' | 'csv';

const unreadable = (en: string, zh: string) => new AppError(400, 'UNREADABLE_FILE', zh, en, 'file');

/** By extension first, then by content: "PK" is a zip (xlsx), D0 CF 11 E0 is the old binary .xls. */
export function detectFormat(fileName: string, data: Uint8Array): Format {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const isZip = data[0] === 0x50 && data[1] === 0x4b;
  const isOle = data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;
  if (isOle || ext === 'xls')
    throw unreadable(
      'Old .xls files are not supported: save the sheet as .xlsx or .csv',
      '不支持旧版 .xls 文件，请另存为 .xlsx 或 .csv',
    );
  if (ext === 'xlsx' || isZip) return 'xlsx';
  return 'csv';
}

/** An ExcelJS cell value → text, number or date (rich text, formulas, hyperlinks flattened). */
export function cellValue(v: unknown): RawCell | undefined {
  if (v == null) return undefined;
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('') || undefined;
    if ('result' in o) return cellValue(o.result);
    if (o.text !== undefined) return cellValue(o.text);
    if (o.error) return o.error;
  }
  return String(v);
}

const isBlank = (c: RawCell | undefined) => c === undefined || (typeof c === 'string' && c.trim() === '');

/** Given rows of raw cells (index 0 = column A), find the header and build the sheet. */
export function toSheet(format: Format, grid: { row: number; cells: (RawCell | undefined)[] }[]): Sheet {
  // The header is the first row (of the first ten) naming at least two known columns; title rows above it are skipped.
  let h = grid.slice(0, 10).findIndex((r) => r.cells.filter((c) => typeof c === 'string' && columnOf(c)).length >= 2);
  if (h < 0) h = grid.findIndex((r) => r.cells.some((c) => !isBlank(c)));
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const columns: Partial<Record<ColumnKey, string>> = {};
  const index: [ColumnKey, number][] = [];
  const headerRow = h >= 0 ? grid[h].row : 1;
  if (h >= 0) {
    grid[h].cells.forEach((c, i) => {
      if (isBlank(c)) return;
      const text = String(c).trim();
      const key = columnOf(text);
      if (!key) warnings.push(problem(headerRow, text, 'UNKNOWN_HEADER', messages.UNKNOWN_HEADER(text)));
      else if (columns[key] !== undefined)
        problems.push(problem(headerRow, text, 'DUPLICATE_HEADER', messages.DUPLICATE_HEADER(text)));
      else {
        columns[key] = text;
        index.push([key, i]);
      }
    });
  }
  for (const c of COLUMNS) {
    if (c.required && columns[c.key] === undefined)
      problems.push(problem(headerRow, c.zh, 'MISSING_HEADER', messages.MISSING_HEADER(c.zh)));
  }
  const rows: RawRow[] = [];
  for (let r = h + 1; h >= 0 && r < grid.length; r++) {
    const src = grid[r].cells;
    const cells: RawRow['cells'] = {};
    let any = false;
    for (const [key, i] of index) {
      const v = src[i];
      if (isBlank(v)) continue;
      cells[key] = v as RawCell;
      any = true;
    }
    if (any) rows.push({ row: grid[r].row, cells });
  }
  return { format, headerRow, columns, rows, problems, warnings };
}

export function parseCsvSheet(data: Uint8Array): Sheet {
  const grid = parseCsv(decodeText(data)).map((cells, i) => ({ row: i + 1, cells: cells as (RawCell | undefined)[] }));
  return toSheet('csv', grid);
}

export type { Grid } from './xlsx-read';

/**
 * Every visible worksheet of a workbook as raw rows of cells: read by xlsx-read.ts, or, for what
 * it does not cover (it says so), by ExcelJS's full reader — the same values either way.
 */
export async function readXlsxGrids(data: Uint8Array): Promise<Grid[]> {
  try {
    return await readXlsxGridsFast(data, cellValue);
  } catch {
    // XlsxUnsupported, or a file broken in a way ExcelJS reports (as unreadable) below.
  }
  return readXlsxGridsFull(data);
}

/** ExcelJS's full reader (the whole workbook model in memory). */
export async function readXlsxGridsFull(data: Uint8Array): Promise<Grid[]> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as never);
  } catch {
    throw unreadable('The file is not a readable .xlsx workbook', '文件不是可读取的 .xlsx 工作簿');
  }
  return wb.worksheets
    .filter((ws) => !ws.state || ws.state === 'visible')
    .map((ws) => {
      const grid: Grid = [];
      ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        const values = row.values as unknown[]; // 1-based, sparse
        const cells: (RawCell | undefined)[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellValue(values[i]));
        grid.push({ row: rowNumber, cells });
      });
      return grid;
    });
}

/** The first sheet's raw rows, whatever the format (for tables other than the roster). */
export async function readGrid(fileName: string, data: Uint8Array): Promise<Grid> {
  if (detectFormat(fileName, data) === 'csv')
    return parseCsv(decodeText(data)).map((cells, i) => ({ row: i + 1, cells: cells as (RawCell | undefined)[] }));
  return (await readXlsxGrids(data))[0] ?? [];
}

export async function parseXlsxSheet(data: Uint8Array): Promise<Sheet> {
  let first: Sheet | undefined;
  for (const grid of await readXlsxGrids(data)) {
    const sheet = toSheet('xlsx', grid);
    if (!sheet.problems.some((p) => p.code === 'MISSING_HEADER')) return sheet;
    first ??= sheet;
  }
  return first ?? toSheet('xlsx', []);
}

export async function parseFile(fileName: string, data: Uint8Array): Promise<Sheet> {
  return detectFormat(fileName, data) === 'xlsx' ? parseXlsxSheet(data) : parseCsvSheet(data);
}
