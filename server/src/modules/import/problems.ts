/**
 * Problems found in an import file: a stable code, the 1-based spreadsheet row, the column header
 * as written in the file, and a message in Chinese and English. Messages are built only when a
 * problem is found, so a clean file pays nothing for them.
 */
export type ProblemCode =
  | 'MISSING_HEADER'
  | 'DUPLICATE_HEADER'
  | 'UNKNOWN_HEADER'
  | 'MISSING_HOUSEHOLD_NUMBER'
  | 'MISSING_NAME'
  | 'NAME_PICTOGRAPH'
  | 'TOO_LONG'
  | 'MISSING_ID_NUMBER'
  | 'MISSING_RELATION'
  | 'ID_FORMAT'
  | 'ID_BIRTH_DATE'
  | 'ID_CHECK_DIGIT'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_GRID'
  | 'PHONE_FORMAT'
  | 'DATE_FORMAT'
  | 'NO_HEAD'
  | 'TWO_HEADS'
  | 'BIRTH_DATE_MISMATCH'
  | 'GENDER_MISMATCH'
  | 'UNKNOWN_VALUE'
  | 'INCONSISTENT_HOUSEHOLD'
  | 'NO_GRID';

export interface Problem {
  row: number;
  column: string;
  code: ProblemCode;
  zh: string;
  en: string;
  /** The offending cell as read (after clean-up), when there is one. */
  value?: string;
}

type Msg = { zh: string; en: string };

export const messages = {
  MISSING_HEADER: (h: string): Msg => ({ zh: `缺少必填列“${h}”`, en: `Required column "${h}" is missing` }),
  DUPLICATE_HEADER: (h: string): Msg => ({ zh: `列“${h}”重复出现`, en: `Column "${h}" appears more than once` }),
  UNKNOWN_HEADER: (h: string): Msg => ({ zh: `不认识的列“${h}”，已忽略`, en: `Unknown column "${h}" was ignored` }),
  MISSING_HOUSEHOLD_NUMBER: (): Msg => ({ zh: '户号为空', en: 'Household number is empty' }),
  MISSING_NAME: (): Msg => ({ zh: '有身份证号但姓名为空', en: 'Name is empty although an ID number is given' }),
  NAME_PICTOGRAPH: (): Msg => ({
    zh: '姓名不能含表情符号或图形符号',
    en: 'A personal name cannot contain emoji or other pictographs',
  }),
  TOO_LONG: (col: string, max: number): Msg => ({
    zh: `“${col}”最多 ${max} 个字`,
    en: `"${col}" can be at most ${max} characters`,
  }),
  MISSING_ID_NUMBER: (): Msg => ({ zh: '有姓名但身份证号为空', en: 'ID number is empty although a name is given' }),
  MISSING_RELATION: (): Msg => ({
    zh: '新登记的居民必须填写与户主关系',
    en: 'A new resident needs a relation to the head',
  }),
  ID_FORMAT: (v: string, numeric = false): Msg =>
    v.includes('*')
      ? {
          zh: '身份证号已脱敏（含*），脱敏导出只供查看，不能再导入',
          en: 'ID number is masked (contains *); a masked export is for reading, not for re-import',
        }
      : numeric
        ? {
            zh: '身份证号被表格存成了数字，请把该列设为文本后重新填写',
            en: 'ID number was stored as a number by the spreadsheet; format the column as text and re-enter it',
          }
        : {
            zh: '身份证号应为18位：17位数字加1位数字或X',
            en: 'ID number must be 18 characters: 17 digits and a digit or X',
          },
  ID_BIRTH_DATE: (): Msg => ({
    zh: '身份证号中的出生日期不存在或晚于今天',
    en: 'The birth date inside the ID number is impossible or in the future',
  }),
  ID_CHECK_DIGIT: (): Msg => ({
    zh: '身份证号校验位不正确，请核对',
    en: 'ID number check digit is wrong; please check the number',
  }),
  DUPLICATE_ID_FILE: (rows: number[]): Msg => ({
    zh: `身份证号在文件中重复出现（第 ${rows.join('、')} 行）`,
    en: `ID number appears more than once in the file (rows ${rows.join(', ')})`,
  }),
  DUPLICATE_ID_VILLAGE: (hh: string, name: string): Msg => ({
    zh: `身份证号已登记在户号 ${hh} 的居民“${name}”名下`,
    en: `ID number is already registered to "${name}" in household ${hh}`,
  }),
  NO_GRID: (): Msg => ({
    zh: '这户不在当前网格结构的任何网格中：请在“网格”列填写，或导入后在结构中分配',
    en: 'This household is in no grid of the active structure: fill in the grid column, or assign it in the structure after the import',
  }),
  UNKNOWN_GRID: (v: string): Msg => ({
    zh: `当前网格结构中没有网格“${v}”`,
    en: `No grid "${v}" in the active grid structure`,
  }),
  PHONE_FORMAT: (v: string): Msg =>
    v.includes('*')
      ? { zh: '联系电话已脱敏（含*），不能导入', en: 'Phone number is masked (contains *) and cannot be imported' }
      : {
          zh: '联系电话格式不正确（手机11位，座机带区号）',
          en: 'Phone number is malformed (11-digit mobile, or landline with area code)',
        },
  DATE_FORMAT: (): Msg => ({
    zh: '出生日期无法识别，请写成 1980-01-02',
    en: 'Birth date not recognised; write it as 1980-01-02',
  }),
  NO_HEAD: (hh: string): Msg => ({
    zh: `户号 ${hh} 有居民但没有户主`,
    en: `Household ${hh} has residents but no head`,
  }),
  TWO_HEADS: (hh: string): Msg => ({ zh: `户号 ${hh} 有不止一位户主`, en: `Household ${hh} has more than one head` }),
  BIRTH_DATE_MISMATCH: (fromId: string): Msg => ({
    zh: `出生日期与身份证号不符（身份证号为 ${fromId}）`,
    en: `Birth date contradicts the ID number (which says ${fromId})`,
  }),
  GENDER_MISMATCH: (fromId: string): Msg => ({
    zh: `性别与身份证号不符（身份证号为${fromId === 'M' ? '男' : '女'}）`,
    en: `Gender contradicts the ID number (which says ${fromId === 'M' ? 'male' : 'female'})`,
  }),
  UNKNOWN_VALUE: (col: string, v: string, allowed: string): Msg => ({
    zh: `“${col}”的值“${v}”不认识，可填：${allowed}`,
    en: `"${v}" is not a known value for "${col}"; allowed: ${allowed}`,
  }),
  INCONSISTENT_HOUSEHOLD: (hh: string, col: string, first: string, firstRow: number): Msg => ({
    zh: `户号 ${hh} 的“${col}”与第 ${firstRow} 行不一致（“${first}”）`,
    en: `Household ${hh}: "${col}" differs from row ${firstRow} ("${first}")`,
  }),
};

export const problem = (row: number, column: string, code: ProblemCode, msg: Msg, value?: string): Problem =>
  value === undefined || value === ''
    ? { row, column, code, zh: msg.zh, en: msg.en }
    : { row, column, code, zh: msg.zh, en: msg.en, value };

/** Stable order for reports: by row, then column, then code. */
export const sortProblems = (ps: Problem[]): Problem[] =>
  ps.sort(
    (a, b) =>
      a.row - b.row ||
      (a.column < b.column ? -1 : a.column > b.column ? 1 : 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
