/**
 * ExcelJS, loaded on first use: loading it is most of a process's start time (about 0.7 s of
 * 1.3 s), and most processes — a restarted server, a CLI command — never touch a workbook.
 */
import type ExcelJSModule from 'exceljs';

let loaded: Promise<typeof ExcelJSModule> | null = null;

export const loadExcel = (): Promise<typeof ExcelJSModule> =>
  (loaded ??= import('exceljs').then(
    (m) => ((m as { default?: typeof ExcelJSModule }).default ?? m) as typeof ExcelJSModule,
  ));
