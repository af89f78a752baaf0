/**
 * CSV in and out (RFC 4180: quoted fields, doubled quotes, CRLF or LF). Input may carry a UTF-8
 * BOM; UTF-16 (Excel "Unicode text") and GB18030 (Excel "CSV" on Chinese Windows) are detected too.
 */
import { inertCsvField, looksLikeFormula } from '../../lib/spreadsheet-text';

export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf)
    return new TextDecoder('utf-8').decode(data.subarray(3));
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** The delimiter of the first line: comma unless tabs or semicolons clearly dominate. */
function sniffDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  const count = (ch: string) => line.split(ch).length - 1;
  const comma = count(',');
  const tab = count('\t');
  const semi = count(';');
  if (tab > comma && tab >= semi) return '\t';
  if (semi > comma) return ';';
  return ',';
}

/**
 * Parse into rows of fields. `="0123"` (Excel's keep-as-text trick) is unwrapped, and so is the `'`
 * that an export puts before text a spreadsheet would take for a formula (lib/spreadsheet-text.ts).
 */
export function parseCsv(text: string, delimiter = sniffDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          out += text.slice(j);
          j = n;
          break;
        }
        out += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Anything between the closing quote and the delimiter is kept (lenient).
      let k = j;
      while (k < n && text.charCodeAt(k) !== d && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
      field = out + text.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n && text.charCodeAt(k) !== d && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
      field = text.slice(i, k);
      if (field.length > 2 && field.charCodeAt(0) === 61 /* = */ && field.charCodeAt(1) === 34 && field.endsWith('"')) {
        field = field.slice(2, -1);
      }
      i = k;
    }
    row.push(field.charCodeAt(0) === 39 /* ' */ && looksLikeFormula(field.slice(1)) ? field.slice(1) : field);
    const c = text.charCodeAt(i);
    if (c === d) {
      i++;
      if (i === n) row.push('');
    } else {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else if (i < n) i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

const needsQuote = /[",\r\n\t]/;
const quote = (v: string) => (needsQuote.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** Write UTF-8 CSV with a BOM (so Excel opens Chinese correctly) and CRLF line ends; no field is a formula. */
export function writeCsv(rows: string[][]): Buffer {
  const body = rows.map((r) => r.map((v) => quote(inertCsvField(v))).join(',')).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}
