/** Write simple one-table workbooks: a bold, frozen header row and plain values (strings stay text, never formulas). */
import { loadExcel } from '../../lib/excel';
import { inertFormulaCells } from '../../lib/spreadsheet-text';

export interface SheetSpec {
  name: string;
  columns: { header: string; width: number; text?: boolean }[];
  rows: (string | number | null)[][];
}

export async function writeXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'wangge';
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => ({
      header: c.header,
      width: c.width,
      ...(c.text ? { style: { numFmt: '@' } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of spec.rows) ws.addRow(r.map((v) => (v === '' ? null : v)));
    inertFormulaCells(ws);
  }
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
