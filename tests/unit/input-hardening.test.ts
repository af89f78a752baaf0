/** The pure parts of the input holes closed for issue #12: names, dates, masking, JSON inspection. */
import { describe, expect, it } from 'vitest';
import { auditText, maskNumbers } from '../../server/src/core/audit-text';
import { inspectJson } from '../../server/src/http/json-body';
import { checkName, cleanFreeText, cleanText, safeFileName } from '../../server/src/lib/text';
import { excelSerialDate, normalizeDate } from '../../server/src/modules/registry/normalize';

describe('names', () => {
  it('drops zero-width and bidi characters and refuses what is left empty', () => {
    expect(cleanText('\u200b张\u200c\u200d三\u2060\ufeff')).toBe('张三');
    expect(cleanText('\u202e王\u200e\u200f\u202a\u202b\u202c\u202d五\u2066\u2067\u2068\u2069')).toBe('王五');
    expect(cleanText('a\u0000b\u0007c')).toBe('abc');
    expect(checkName('\u200b\u200d\ufeff \u3000')).toMatchObject({ ok: false, code: 'NAME_EMPTY' });
    expect(checkName('张三')).toEqual({ ok: true, value: '张三' });
  });

  it('refuses pictographs in personal names only', () => {
    for (const s of ['张三😀', '🇨🇳', '李☎', '王1️⃣', '赵👨‍👩‍👧'])
      expect(checkName(s, { personal: true }), s).toMatchObject({ ok: false, code: 'NAME_PICTOGRAPH' });
    expect(checkName('〇〇超市', { personal: true }).ok).toBe(true);
    expect(checkName('苹果🍎')).toEqual({ ok: true, value: '苹果🍎' });
    expect(checkName('长'.repeat(11), { max: 10 })).toMatchObject({ ok: false, code: 'NAME_TOO_LONG' });
  });

  it('free text keeps its lines; file names keep their last segment', () => {
    expect(cleanFreeText(' 第一行\r\n\u202e第二行 ')).toBe('第一行\n第二行');
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('C:\\Users\\a\\名单\u0000.xlsx', 'x')).toBe('名单.xlsx');
    expect(safeFileName('..', 'upload')).toBe('upload');
  });
});

describe('Excel date serials', () => {
  it('reads the 1900 date system with its phantom leap day', () => {
    expect(excelSerialDate(1)).toBe('1900-01-01');
    expect(excelSerialDate(59)).toBe('1900-02-28');
    expect(excelSerialDate(60)).toBe('invalid'); // 1900-02-29 never was
    expect(excelSerialDate(61)).toBe('1900-03-01');
    expect(excelSerialDate(25569)).toBe('1970-01-01');
    expect(excelSerialDate(31672)).toBe('1986-09-17');
    expect(excelSerialDate(31672.75)).toBe('1986-09-17');
    expect(excelSerialDate(0)).toBe('invalid');
    expect(excelSerialDate(100_000)).toBe('invalid');
  });

  it('normalizeDate takes serials as numbers and as five-digit text, and dates typed as digits', () => {
    expect(normalizeDate(31672)).toBe('1986-09-17');
    expect(normalizeDate('31672')).toBe('1986-09-17');
    expect(normalizeDate('３１６７２')).toBe('1986-09-17');
    expect(normalizeDate(19860917)).toBe('1986-09-17');
    expect(normalizeDate('19860917')).toBe('1986-09-17');
    expect(normalizeDate('1986')).toBe('invalid'); // a year alone is no date
    expect(normalizeDate('1986年9月17日')).toBe('1986-09-17');
  });
});

describe('the audit text', () => {
  const id = '11010519491231002X';
  it('masks ID and mobile numbers however they are written', () => {
    for (const s of [
      id,
      `ID${id}`,
      '１１０１０５１９４９１２３１００２Ｘ',
      '110105 19491231 002X',
      '110105-1949-1231-002X',
    ])
      expect(maskNumbers(s), s).toContain('110105********002X');
    expect(maskNumbers('110105491231002')).toBe('110105*****1002');
    expect(maskNumbers('138-0013-8000 与 13900139000')).toBe('138****8000 与 139****9000');
    expect(maskNumbers('1767225600000 0190a4b2-7c3d-7e4f-8a9b-123456789012')).toBe(
      '1767225600000 0190a4b2-7c3d-7e4f-8a9b-123456789012',
    );
    // A UUID whose middle groups are all digits (15 of them in a row with dashes) is an id, kept whole;
    // a number beside it is still masked.
    const uuid = '019adeff-1234-7567-8901-234bcdef0123';
    expect(maskNumbers(`/households/${uuid}/marks`)).toBe(`/households/${uuid}/marks`);
    expect(maskNumbers(`${id} ${uuid}`)).toBe(`110105********002X ${uuid}`);
  });

  it('masks by key, cuts deep nesting, never throws', () => {
    const text = auditText({ idNumber: '1101051949', phone: 13800138000, a: { b: { c: { d: { e: { f: id } } } } } })!;
    expect(text).not.toMatch(/1101051949|13800138000|11010519491231002X/);
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(auditText({ deep })!.length).toBeLessThan(100);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => auditText(circular)).not.toThrow();
  });
});

describe('JSON inspection before parsing', () => {
  it('finds nesting too deep and NUL characters, not brackets inside strings', () => {
    expect(inspectJson(`${'['.repeat(33)}${']'.repeat(33)}`)).toBe('deep');
    expect(inspectJson(`${'['.repeat(32)}${']'.repeat(32)}`)).toBeNull();
    expect(inspectJson(JSON.stringify({ a: '['.repeat(100) }))).toBeNull();
    expect(inspectJson(JSON.stringify({ a: 'x\u0000' }))).toBe('nul');
    expect(inspectJson('{"a":"\\\\u0000"}')).toBeNull(); // an escaped backslash, then text
  });
});
