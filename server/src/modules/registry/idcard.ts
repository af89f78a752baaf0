/**
 * Resident identity numbers (GB 11643-1999): 6-digit area code, 8-digit birth date,
 * 3-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdCardProblem = 'format' | 'birth_date' | 'check_digit';

export interface IdCardInfo {
  birthDate: string; // YYYY-MM-DD
  gender: 'M' | 'F';
  areaCode: string;
}

const isRealDate = (y: number, m: number, d: number) => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
};

/** Validate an already normalised (upper-case, half-width) 18-character number. */
export function checkIdNumber(
  id: string,
  today = new Date(),
): { ok: true; info: IdCardInfo } | { ok: false; problem: IdCardProblem } {
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1880 || !isRealDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime())
    return { ok: false, problem: 'birth_date' };
  if (checkChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_digit' };
  return {
    ok: true,
    info: {
      areaCode: id.slice(0, 6),
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
    },
  };
}

/** Build a valid synthetic number (demo data, tests). sequence: 0–999; its parity sets the gender. */
export function makeIdNumber(areaCode: string, birthDate: string, sequence: number): string {
  const first17 = `${areaCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

/** Mask for lists and exports: 110105********1234. */
export const maskIdNumber = (id: string) => (id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : id);
