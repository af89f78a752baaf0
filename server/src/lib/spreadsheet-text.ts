/**
 * Exported text that a spreadsheet would run: a cell starting with `=`, `+`, `-` or `@` (or a tab
 * or carriage return, which some programs skip before looking) is a formula to Excel, LibreOffice
 * and Google Sheets when it comes from a CSV file, and becomes one in an xlsx file as soon as
 * someone edits the cell. Every export (import/xlsx.ts, import/csv.ts, the audit log, the
 * settlement) passes its text through here:
 * - CSV has no types: such a field is written with a leading `'` (OWASP's advice), which the
 *   spreadsheet shows as text and hides; the import strips it again (import/csv.ts).
 * - xlsx: exceljs writes a JavaScript string as a string cell (never a formula: a formula is
 *   `{ formula }`), so the value stays exact; the cell also gets the text format `@`, under which
 *   an edit is kept as text.
 */
import type { Worksheet } from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Would a spreadsheet take this text for a formula? */
export const looksLikeFormula = (v: unknown): v is string => typeof v === 'string' && FORMULA_START.test(v);

/** A CSV field that no spreadsheet runs. */
export const inertCsvField = (v: string) => (looksLikeFormula(v) ? `'${v}` : v);

/** Mark every text cell of a sheet that looks like a formula as text (call once the rows are in). */
export function inertFormulaCells(ws: Worksheet) {
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (looksLikeFormula(cell.value)) cell.numFmt = '@';
    }),
  );
}
