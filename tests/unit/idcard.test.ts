import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkChar, checkIdNumber, makeIdNumber, maskIdNumber } from '../../server/src/modules/registry/idcard';
import { cleanCode, normalizeDate, normalizePhone, toHalfWidth } from '../../server/src/modules/registry/normalize';

describe('GB 11643 identity numbers', () => {
  it('accepts a published valid example and derives birth date and gender', () => {
    // 11010519491231002X is the standard's worked example (female, born 1949-12-31).
    const r = checkIdNumber('11010519491231002X');
    expect(r).toEqual({ ok: true, info: { areaCode: '110105', birthDate: '1949-12-31', gender: 'F' } });
  });

  it('rejects a wrong check digit, an impossible date and a malformed number', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'check_digit' });
    expect(checkIdNumber('110105194902300021')).toEqual({ ok: false, problem: 'birth_date' });
    expect(checkIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
  });

  it('makes numbers that always validate, with parity setting the gender', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (d, seq) => {
          const birth = d.toISOString().slice(0, 10);
          const id = makeIdNumber('110117', birth, seq);
          const r = checkIdNumber(id);
          expect(r.ok).toBe(true);
          if (r.ok) {
            expect(r.info.birthDate).toBe(birth);
            expect(r.info.gender).toBe(seq % 2 === 1 ? 'M' : 'F');
          }
        },
      ),
    );
  });

  it('detects any single changed digit', () => {
    const id = makeIdNumber('110117', '1980-05-17', 123);
    for (let i = 0; i < 17; i++) {
      const changed = id.slice(0, i) + String((Number(id[i]) + 1) % 10) + id.slice(i + 1);
      if (checkIdNumber(changed).ok) expect(checkChar(changed.slice(0, 17))).toBe(changed[17]);
      expect(checkIdNumber(changed).ok && changed !== id).toBe(false);
    }
  });

  it('masks the middle', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });
});

describe('normalisation of typed input', () => {
  it('turns full-width digits and letters into half-width and drops stray spaces', () => {
    expect(toHalfWidth('１２３ＡＢＣ')).toBe('123ABC');
    expect(cleanCode(' １１０１０５ １９４９１２３１００２ｘ ')).toBe('11010519491231002X');
  });

  it('accepts mobile and landline numbers in common spellings and rejects the rest', () => {
    expect(normalizePhone('138 0013 8000')).toBe('13800138000');
    expect(normalizePhone('+86 13800138000')).toBe('13800138000');
    expect(normalizePhone('１３８００１３８０００')).toBe('13800138000');
    expect(normalizePhone('010-69961234')).toBe('01069961234');
    expect(normalizePhone('12345')).toBe('invalid');
    expect(normalizePhone('')).toBe(null);
  });

  it('reads dates in the spellings spreadsheets use', () => {
    expect(normalizeDate('1980-1-2')).toBe('1980-01-02');
    expect(normalizeDate('1980/01/02')).toBe('1980-01-02');
    expect(normalizeDate('19800102')).toBe('1980-01-02');
    expect(normalizeDate('1980年1月2日')).toBe('1980-01-02');
    expect(normalizeDate(new Date(Date.UTC(1980, 0, 2)))).toBe('1980-01-02');
    expect(normalizeDate('1980-02-30')).toBe('invalid');
  });
});
