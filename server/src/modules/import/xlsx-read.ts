/**
 * A fast reader of the cell values of an xlsx workbook, for the roster import: the same values,
 * rows and sheets as ExcelJS's full reader (`wb.xlsx.load` + `eachRow` + `row.values`), without
 * building ExcelJS's workbook model (which took 5.4 s and most of the import's memory for 100,000
 * rows).
 *
 * It covers what rosters are made of — shared and inline strings, rich text, numbers, dates (by
 * the cell's number format), booleans, errors, formulas' cached results, merged cells, hidden
 * sheets, the 1900 and 1904 date systems — and mirrors ExcelJS 4.4.0's rules for each (including
 * its quirks, see `formulaValue`). The workbook part, its relationships and the styles are parsed
 * by ExcelJS's own parsers; the shared strings and the worksheets (the bulk of the file) by a
 * small scanner here. Anything else — zip64 or encrypted archives, CDATA, comments or unknown
 * entities in the XML, namespace prefixes, hyperlinks (which change ExcelJS's cell types),
 * unknown elements inside cells or rows, overlapping merges — makes it give up
 * (`XlsxUnsupported`), and the caller reads the file with ExcelJS's full reader instead.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { RawCell } from './types';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-require-imports */
// ExcelJS internals (exceljs is pinned at 4.4.0, see STACK.md): the parsers and helpers its full reader uses.
const WorkbookXform = require('exceljs/lib/xlsx/xform/book/workbook-xform');
const RelationshipsXform = require('exceljs/lib/xlsx/xform/core/relationships-xform');
const StylesXform = require('exceljs/lib/xlsx/xform/style/styles-xform');
const excelUtils = require('exceljs/lib/utils/utils') as {
  xmlDecode(s: string): string;
  isDateFmt(fmt: string | undefined): boolean;
  excelToDate(v: unknown, date1904?: boolean): Date;
};

export type Grid = { row: number; cells: (RawCell | undefined)[] }[];

/** This reader does not cover something in the file: read it with ExcelJS instead. */
export class XlsxUnsupported extends Error {}
const unsupported = (why: string): never => {
  throw new XlsxUnsupported(why);
};

// ---------------------------------------------------------------------------------------------
// Zip (central directory → entries, inflated on demand)

interface ZipEntry {
  method: number;
  flags: number;
  csize: number;
  usize: number;
  offset: number;
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) unsupported('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (buf.readUInt16LE(eocd + 4) !== 0 || count === 0xffff || p === 0xffffffff)
    unsupported('multi-disk or zip64 archive');
  const entries = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) unsupported('bad central directory');
    const nameLength = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      csize: buf.readUInt32LE(p + 20),
      usize: buf.readUInt32LE(p + 24),
      offset: buf.readUInt32LE(p + 42),
    };
    let name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (name.endsWith('/')) continue;
    // As ExcelJS: a leading slash is dropped; a later entry of the same name wins.
    if (name.startsWith('/')) name = name.slice(1);
    entries.set(name, entry);
  }
  return entries;
}

function entryBytes(buf: Buffer, e: ZipEntry): Buffer {
  if (e.flags & 1) unsupported('encrypted entry');
  if (e.csize === 0xffffffff || e.usize === 0xffffffff || e.offset === 0xffffffff) unsupported('zip64 entry');
  if (buf.readUInt32LE(e.offset) !== 0x04034b50) unsupported('bad local header');
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const body = buf.subarray(start, start + e.csize);
  let out: Buffer;
  if (e.method === 0) out = body;
  // One output chunk of the entry's size: the default 16 KiB chunks cost more in copying than inflating.
  else if (e.method === 8)
    out = zlib.inflateRawSync(body, { chunkSize: Math.min(Math.max(e.usize, 1024), 256 * 1024 * 1024) });
  else return unsupported(`compression method ${e.method}`);
  if (out.length !== e.usize) unsupported('entry size mismatch');
  return out;
}

function entryText(buf: Buffer, e: ZipEntry): string {
  const text = entryBytes(buf, e).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The small parts go through ExcelJS's own parsers (they expect a stream of text). */
const parseWith = (xform: { parseStream(s: Readable): Promise<any> }, text: string) =>
  xform.parseStream(Readable.from([text]));

// ---------------------------------------------------------------------------------------------
// XML scanning (the shared strings and the worksheets)

/** Markup the scanner does not read (CDATA, comments, DTDs, processing instructions), in a part it skips. */
function checkPlainXml(xml: string) {
  if (xml.includes('<!')) unsupported('CDATA, comment or DTD');
  if (xml.includes('<?')) unsupported('processing instruction');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text as an XML parser reports it: line ends normalised, entities and character references decoded. */
function xmlText(raw: string): string {
  if (raw.indexOf('&') < 0 && raw.indexOf('\r') < 0) return raw;
  const s = raw.replace(/\r\n?/g, '\n');
  return s.replace(/&([^;&<]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) unsupported('bare ampersand');
    if (name[0] === '#') {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!Number.isInteger(code) || !/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(name) || code > 0x10ffff)
        unsupported('bad character reference');
      return String.fromCodePoint(code);
    }
    const v = ENTITIES[name];
    return v ?? unsupported(`entity &${name};`);
  });
}

/** ExcelJS's TextXform (shared strings and rich-text runs) also decodes Excel's _xHHHH_ escapes. */
const textXformModel = (s: string) =>
  s.replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

const Tok = { Open: 0, SelfClosing: 1, Close: 2 } as const;
type Tok = (typeof Tok)[keyof typeof Tok];

/** A cursor over the markup: tags, their names and attributes, the text between them. */
class Scanner {
  pos = 0;
  /** The last tag read (as methods, so that checks after next() are not narrowed away). */
  private k: Tok = Tok.Open;
  private n = '';
  attrStart = 0;
  attrEnd = 0;
  /** The raw text just before the last tag. */
  textStart = 0;
  textEnd = 0;

  constructor(readonly xml: string) {}

  /** Read the next tag; false at the end. */
  next(): boolean {
    const xml = this.xml;
    const lt = xml.indexOf('<', this.pos);
    if (lt < 0) return false;
    this.textStart = this.pos;
    this.textEnd = lt;
    let i = lt + 1;
    let closing = false;
    const c1 = xml.charCodeAt(i);
    if (c1 === 33 /* ! */) unsupported('CDATA, comment or DTD');
    if (c1 === 63 /* ? */) {
      if (xml.slice(0, lt).trim() !== '') unsupported('processing instruction');
      const end = xml.indexOf('?>', i);
      if (end < 0) unsupported('unterminated declaration');
      this.pos = end + 2;
      return this.next();
    }
    if (c1 === 47 /* / */) {
      closing = true;
      i++;
    }
    const nameStart = i;
    for (;;) {
      const c = xml.charCodeAt(i);
      if (c === 62 /* > */ || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) break;
      if (Number.isNaN(c)) unsupported('unterminated tag');
      i++;
    }
    this.n = xml.slice(nameStart, i);
    this.attrStart = i;
    // Attribute values may hold '>' or '/': skip quoted runs.
    for (;;) {
      const c = xml.charCodeAt(i);
      if (c === 62) break;
      if (c === 34 || c === 39) {
        const q = xml.indexOf(c === 34 ? '"' : "'", i + 1);
        if (q < 0) unsupported('unterminated attribute');
        i = q + 1;
        continue;
      }
      if (Number.isNaN(c)) unsupported('unterminated tag');
      i++;
    }
    const selfClosing = xml.charCodeAt(i - 1) === 47 && !closing;
    this.attrEnd = selfClosing ? i - 1 : i;
    this.k = closing ? Tok.Close : selfClosing ? Tok.SelfClosing : Tok.Open;
    this.pos = i + 1;
    return true;
  }

  kind(): Tok {
    return this.k;
  }

  name(): string {
    return this.n;
  }

  /** The raw text before the last tag. */
  text(): string {
    return this.xml.slice(this.textStart, this.textEnd);
  }

  /** An attribute of the last tag, decoded; undefined if absent. */
  attr(name: string): string | undefined {
    const xml = this.xml;
    let i = this.attrStart;
    const end = this.attrEnd;
    while (i < end) {
      while (i < end && xml.charCodeAt(i) <= 32) i++;
      if (i >= end) break;
      const eq = xml.indexOf('=', i);
      if (eq < 0 || eq >= end) unsupported('bad attribute');
      const key = xml.slice(i, eq).trim();
      let q = eq + 1;
      while (xml.charCodeAt(q) <= 32) q++;
      const quote = xml[q];
      if (quote !== '"' && quote !== "'") unsupported('unquoted attribute');
      const close = xml.indexOf(quote, q + 1);
      if (close < 0 || close >= end) unsupported('bad attribute');
      if (key === name) return xmlText(xml.slice(q + 1, close)).replace(/[\t\n]/g, ' ');
      i = close + 1;
    }
    return undefined;
  }

  /** Cell attributes r, s, t of the last tag, in one pass (the hot path). */
  cellR: string | undefined;
  cellS: string | undefined;
  cellT: string | undefined;
  cellAttrs() {
    const xml = this.xml;
    const end = this.attrEnd;
    let i = this.attrStart;
    this.cellR = this.cellS = this.cellT = undefined;
    while (i < end) {
      let c = xml.charCodeAt(i);
      if (c <= 32) {
        i++;
        continue;
      }
      const keyStart = i;
      while (i < end && (c = xml.charCodeAt(i)) !== 61 /* = */ && c > 32) i++;
      const keyEnd = i;
      while (i < end && xml.charCodeAt(i) !== 61) i++;
      i++;
      while (i < end && xml.charCodeAt(i) <= 32) i++;
      const q = xml.charCodeAt(i);
      if (q !== 34 && q !== 39) unsupported('unquoted attribute');
      const close = xml.indexOf(q === 34 ? '"' : "'", i + 1);
      if (close < 0 || close >= end) unsupported('bad attribute');
      if (keyEnd - keyStart === 1) {
        const k = xml.charCodeAt(keyStart);
        if (k === 114 /* r */ || k === 115 /* s */ || k === 116 /* t */) {
          let v = xml.slice(i + 1, close);
          if (v.indexOf('&') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\t') >= 0)
            v = xmlText(v).replace(/[\t\n]/g, ' ');
          if (k === 114) this.cellR = v;
          else if (k === 115) this.cellS = v;
          else this.cellT = v;
        }
      }
      i = close + 1;
    }
  }

  /** The raw text of the element just opened, when it is plain text up to its end tag (the hot path). */
  leafText(): string {
    if (this.k === Tok.SelfClosing) return '';
    const xml = this.xml;
    const lt = xml.indexOf('<', this.pos);
    const name = this.n;
    if (
      lt < 0 ||
      xml.charCodeAt(lt + 1) !== 47 ||
      !xml.startsWith(name, lt + 2) ||
      xml.charCodeAt(lt + 2 + name.length) !== 62
    )
      return this.textContent();
    const text = xml.slice(this.pos, lt);
    this.pos = lt + 3 + name.length;
    this.k = Tok.Close;
    return text;
  }

  /** Skip the element just opened (its whole subtree). */
  skipElement() {
    if (this.kind() === Tok.SelfClosing) return;
    const name = this.name();
    let depth = 1;
    while (this.next()) {
      if (this.name() === name) depth += this.kind() === Tok.Open ? 1 : this.kind() === Tok.Close ? -1 : 0;
      if (depth === 0) return;
    }
    unsupported(`unterminated ${name}`);
  }

  /** The text content of the element just opened, which holds no elements ('' when empty). */
  textContent(): string {
    if (this.kind() === Tok.SelfClosing) return '';
    const name = this.name();
    if (!this.next() || this.kind() !== Tok.Close || this.name() !== name) unsupported(`markup inside ${name}`);
    return this.text();
  }
}

interface RichRun {
  text: string | undefined;
}
type SharedString = string | { richText: RichRun[] };

/** A rich-text run `<r>` (just opened): its text, as ExcelJS's RichTextXform reads it. */
function richRun(s: Scanner): RichRun {
  const run: RichRun = { text: undefined };
  if (s.kind() === Tok.SelfClosing) return run;
  for (;;) {
    if (!s.next()) unsupported('unterminated run');
    if (s.kind() === Tok.Close && s.name() === 'r') return run;
    if (s.kind() === Tok.Close) unsupported(`unexpected </${s.name()}>`);
    if (s.name() === 'rPr') s.skipElement();
    else if (s.name() === 't') run.text = textXformModel(xmlText(s.textContent()));
    else unsupported(`<${s.name()}> in a run`);
  }
}

/** xl/sharedStrings.xml as ExcelJS's SharedStringsXform reads it. */
function sharedStrings(xml: string): SharedString[] {
  const s = new Scanner(xml);
  const out: SharedString[] = [];
  if (!s.next() || s.name() !== 'sst') unsupported('no sst');
  if (s.kind() === Tok.SelfClosing) return out;
  for (;;) {
    if (!s.next()) unsupported('unterminated sst');
    if (s.kind() === Tok.Close && s.name() === 'sst') break;
    if (s.name() !== 'si' || s.kind() === Tok.Close) unsupported(`<${s.name()}> in sst`);
    if (s.kind() === Tok.SelfClosing) unsupported('empty si');
    let text: string | undefined;
    let runs: RichRun[] | undefined;
    for (;;) {
      if (!s.next()) unsupported('unterminated si');
      if (s.kind() === Tok.Close) {
        if (s.name() !== 'si') unsupported(`unexpected </${s.name()}>`);
        break;
      }
      if (s.name() === 't') {
        if (text !== undefined || runs) unsupported('several texts in si');
        text = textXformModel(xmlText(s.textContent()));
      } else if (s.name() === 'r') {
        if (text !== undefined) unsupported('text and runs in si');
        (runs ??= []).push(richRun(s));
      } else if (s.name() === 'rPh' || s.name() === 'phoneticPr') s.skipElement();
      else unsupported(`<${s.name()}> in si`);
    }
    if (runs) out.push({ richText: runs });
    else if (text !== undefined) out.push(text);
    else unsupported('si without text');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cell values, as ExcelJS's CellXform (parse + reconcile), its Cell values and parse.ts's cellValue

/** parse.ts's cellValue, for the value objects this reader makes. */
export type CellValueFn = (v: unknown) => RawCell | undefined;

interface SheetContext {
  strings: SharedString[] | undefined;
  isDateStyle(styleId: number): boolean;
  date1904: boolean;
  cellValue: CellValueFn;
}

/**
 * A formula cell: ExcelJS's value is a copy of the formula model keeping only truthy fields, so
 * a result of 0, FALSE or an unparseable number is dropped and the object is what remains (which
 * cellValue turns into "[object Object]", as the full reader did).
 */
function formulaValue(
  ctx: SheetContext,
  t: string | undefined,
  text: string | undefined,
  isDate: boolean,
): RawCell | undefined {
  let result: unknown;
  if (text) {
    if (t === 'str') result = excelUtils.xmlDecode(text);
    else if (t === 'b') result = parseInt(text, 10) !== 0;
    else if (t === 'e') result = { error: text };
    else result = parseFloat(text);
  }
  if (result !== undefined && isDate) result = excelUtils.excelToDate(result, ctx.date1904);
  return ctx.cellValue(result ? { formula: '', result } : {});
}

/** A cell with a value (and no formula). */
function plainValue(ctx: SheetContext, t: string | undefined, text: string, isDate: boolean): RawCell | undefined {
  switch (t) {
    case 's': {
      const v = ctx.strings?.[parseInt(text, 10)];
      if (v === undefined) unsupported('shared string out of range');
      return typeof v === 'string' ? (v === '' ? undefined : v) : ctx.cellValue(v);
    }
    case 'str': {
      const v = excelUtils.xmlDecode(text);
      return v === '' ? undefined : v;
    }
    case 'inlineStr':
      return text === '' ? undefined : text;
    case 'b':
      return parseInt(text, 10) !== 0 ? 'TRUE' : 'FALSE';
    case 'e':
      return ctx.cellValue({ error: text });
    default: {
      const n = parseFloat(text);
      return isDate ? excelUtils.excelToDate(n, ctx.date1904) : n;
    }
  }
}

const ABSENT = Symbol('absent');
type Slot = RawCell | undefined | typeof ABSENT;

/** The column of a plain A1 reference (ExcelJS takes a cell's column from its reference, its row from the row). */
function columnOfRef(ref: string | undefined): number {
  if (ref === undefined) return unsupported('cell without a reference');
  let n = 0;
  let i = 0;
  for (let c = ref.charCodeAt(0); c >= 65 && c <= 90; c = ref.charCodeAt(++i)) n = n * 26 + c - 64;
  if (i === 0 || i > 3 || n > 16384 || i === ref.length) unsupported('cell reference');
  for (let j = i; j < ref.length; j++) {
    const c = ref.charCodeAt(j);
    if (c < 48 || c > 57) unsupported('cell reference');
  }
  return n;
}

function colOf(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  if (n > 16384) unsupported('column out of range');
  return n;
}

/** One worksheet's rows of cell values, as `eachRow({ includeEmpty: false })` + `row.values`. */
function sheetGrid(xml: string, ctx: SheetContext): Grid {
  const dataStart = xml.indexOf('<sheetData');
  if (dataStart < 0) unsupported('no sheetData');
  const outside = (from: number, to: number) => xml.slice(from, to);
  const rows = new Map<number, Slot[]>();
  const s = new Scanner(xml);
  s.pos = dataStart;
  s.next();
  let dataEnd = s.pos;
  if (s.kind() === Tok.Open) {
    for (;;) {
      if (!s.next()) unsupported('unterminated sheetData');
      if (s.kind() === Tok.Close && s.name() === 'sheetData') break;
      if (s.name() !== 'row' || s.kind() === Tok.Close) unsupported(`<${s.name()}> in sheetData`);
      const r = s.attr('r');
      const number = r === undefined ? NaN : parseInt(r, 10);
      if (!(number >= 1)) unsupported('row without a number');
      const slots: Slot[] = [];
      rows.set(number, slots); // a later row of the same number replaces it, as in ExcelJS
      if (s.kind() === Tok.SelfClosing) continue;
      for (;;) {
        if (!s.next()) unsupported('unterminated row');
        if (s.kind() === Tok.Close) {
          if (s.name() !== 'row') unsupported(`unexpected </${s.name()}>`);
          break;
        }
        if (s.name() !== 'c') unsupported(`<${s.name()}> in a row`);
        s.cellAttrs();
        const col = columnOfRef(s.cellR);
        const t = s.cellT;
        const sAttr = s.cellS;
        const styleId = sAttr ? parseInt(sAttr, 10) : undefined;
        let value: string | undefined;
        let formula: string | undefined;
        let shareType: string | undefined;
        let runs: RichRun[] | undefined;
        if (s.kind() === Tok.Open) {
          for (;;) {
            if (!s.next()) unsupported('unterminated cell');
            if (s.kind() === Tok.Close) {
              if (s.name() !== 'c') unsupported(`unexpected </${s.name()}>`);
              break;
            }
            if (s.name() === 'v') {
              const text = s.leafText();
              if (text !== '') value = (value ?? '') + xmlText(text);
            } else if (s.name() === 'f') {
              shareType = s.attr('t');
              const text = s.textContent();
              if (text !== '') formula = (formula ?? '') + xmlText(text);
            } else if (s.name() === 'is') {
              if (s.kind() === Tok.SelfClosing) continue;
              for (;;) {
                if (!s.next()) unsupported('unterminated is');
                if (s.kind() === Tok.Close) {
                  if (s.name() !== 'is') unsupported(`unexpected </${s.name()}>`);
                  break;
                }
                if (s.name() === 't') {
                  if (runs) unsupported('text and runs in an inline string');
                  const text = s.textContent();
                  if (text !== '') value = (value ?? '') + xmlText(text);
                } else if (s.name() === 'r') {
                  if (value !== undefined) unsupported('text and runs in an inline string');
                  (runs ??= []).push(richRun(s));
                } else unsupported(`<${s.name()}> in an inline string`);
              }
            } else unsupported(`<${s.name()}> in a cell`);
          }
        }
        const isDate = !!styleId && ctx.isDateStyle(styleId);
        let slot: Slot;
        if (formula || shareType) {
          if (runs) unsupported('formula with rich text');
          slot = formulaValue(ctx, t, value, isDate);
        } else if (runs) {
          if (t !== 'inlineStr') unsupported('runs outside an inline string');
          slot = ctx.cellValue({ richText: runs });
        } else if (value !== undefined) slot = plainValue(ctx, t, value, isDate);
        else {
          // No value: ExcelJS keeps a styled cell as an empty one (over an earlier cell of the
          // same reference) and drops an unstyled one.
          if (styleId) slots[col - 1] = ABSENT;
          continue;
        }
        slots[col - 1] = slot;
      }
    }
    dataEnd = s.pos;
  }
  // (A worksheet with prefixed element names has no `<sheetData`: it was given up above.)
  const head = outside(0, dataStart);
  const rest = head.replace(/^\s*<\?xml[^>]*\?>/, '') + outside(dataEnd, xml.length);
  checkPlainXml(rest);
  if (rest.includes('<hyperlink')) unsupported('hyperlinks');
  mergeCells(rest, rows);

  const grid: Grid = [];
  for (const number of [...rows.keys()].sort((a, b) => a - b)) {
    const slots = rows.get(number)!;
    let last = -1;
    for (let i = slots.length - 1; i >= 0; i--) {
      if (i in slots && slots[i] !== ABSENT) {
        last = i;
        break;
      }
    }
    if (last < 0) continue; // nothing but empty cells: eachRow skips it
    const cells: (RawCell | undefined)[] = new Array(last + 1);
    for (let i = 0; i <= last; i++) {
      const v = slots[i];
      cells[i] = v === ABSENT ? undefined : v;
    }
    grid.push({ row: number, cells });
  }
  return grid;
}

/**
 * Merged ranges, as ExcelJS applies them on load: every cell of the range but the top-left one
 * takes the top-left cell's value (and counts as a value, so its row is listed even when that
 * value is empty). Overlapping ranges make ExcelJS refuse the file.
 */
function mergeCells(rest: string, rows: Map<number, Slot[]>) {
  const ranges: { top: number; left: number; bottom: number; right: number }[] = [];
  const re = /<mergeCell\s+ref\s*=\s*"([^"]*)"\s*\/>|<mergeCell\b/g;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    const ref = m[1];
    const parts = ref === undefined ? null : /^([A-Z]{1,3})([0-9]+):([A-Z]{1,3})([0-9]+)$/.exec(ref);
    if (!parts) return unsupported('merged range');
    const [c1, r1, c2, r2] = [colOf(parts[1]), Number(parts[2]), colOf(parts[3]), Number(parts[4])];
    const range = { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
    if (range.top < 1 || (range.bottom - range.top + 1) * (range.right - range.left + 1) > 1_000_000)
      unsupported('merged range');
    if (
      ranges.some(
        (o) => !(o.bottom < range.top || o.top > range.bottom || o.right < range.left || o.left > range.right),
      )
    )
      unsupported('overlapping merges');
    ranges.push(range);
  }
  for (const { top, left, bottom, right } of ranges) {
    const masterSlot = rows.get(top)?.[left - 1];
    const master = masterSlot === ABSENT ? undefined : masterSlot;
    for (let r = top; r <= bottom; r++) {
      let slots = rows.get(r);
      if (!slots) rows.set(r, (slots = []));
      for (let c = left; c <= right; c++) if (r > top || c > left) slots[c - 1] = master;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Every visible worksheet of the workbook, in the workbook's order, as rows of cell values.
 * Throws XlsxUnsupported when the file needs ExcelJS's full reader.
 */
export async function readXlsxGridsFast(data: Uint8Array, cellValue: CellValueFn): Promise<Grid[]> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const entries = zipEntries(buf);
  const part = (name: string) => entries.get(name);
  const workbookEntry = part('xl/workbook.xml');
  const relsEntry = part('xl/_rels/workbook.xml.rels');
  if (!workbookEntry || !relsEntry) return unsupported('no workbook part');
  const workbook = await parseWith(new WorkbookXform(), entryText(buf, workbookEntry));
  const rels: { Id: string; Target: string }[] =
    (await parseWith(new RelationshipsXform(), entryText(buf, relsEntry))) ?? [];
  const relById = new Map(rels.map((r) => [r.Id, r]));
  // Without styles ExcelJS fails on any styled row of any sheet, hidden ones too: leave that to it.
  const stylesEntry = part('xl/styles.xml') ?? unsupported('no styles part');
  const styles: { getStyleModel(id: number): { numFmt?: string } | null } = new StylesXform();
  await parseWith(styles as never, entryText(buf, stylesEntry));
  const dateStyles = new Map<number, boolean>();
  const stringsEntry = part('xl/sharedStrings.xml');
  const ctx: SheetContext = {
    strings: stringsEntry ? sharedStrings(entryText(buf, stringsEntry)) : undefined,
    date1904: !!workbook?.properties?.date1904,
    isDateStyle: (id) => {
      let d = dateStyles.get(id);
      if (d === undefined) {
        const style = styles.getStyleModel(id);
        dateStyles.set(id, (d = !!style && excelUtils.isDateFmt(style.numFmt)));
      }
      return d;
    },
    cellValue,
  };
  // Which sheets ExcelJS lists, in its order (WorkbookXform.reconcile + Workbook.worksheets).
  const ids = new Set<number>();
  const paths = new Set<string>();
  const grids: Grid[] = [];
  for (const sheet of (workbook?.sheets ?? []) as { id: number; state?: string; rId: string }[]) {
    const rel = relById.get(sheet.rId);
    if (!rel) continue;
    const path = `xl/${rel.Target.replace(/^(\s|\/xl\/)+/, '')}`;
    const entry = /xl\/worksheets\/sheet(\d+)[.]xml/.test(path) ? part(path) : undefined;
    if (!entry) continue;
    if (!(Number.isInteger(sheet.id) && sheet.id >= 1) || ids.has(sheet.id) || paths.has(path))
      unsupported('sheet ids');
    ids.add(sheet.id);
    paths.add(path);
    if (sheet.state && sheet.state !== 'visible') continue;
    grids.push(sheetGrid(entryText(buf, entry), ctx));
  }
  return grids;
}
