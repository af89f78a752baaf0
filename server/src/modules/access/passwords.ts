import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { badRequest } from '../../lib/errors';

// argon2id, m=19456 KiB, t=2, p=1 (OWASP's minimum; ≈ 50 ms here).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 as const };

export const hashPassword = (password: string) => hash(password, options);
export const verifyPassword = (stored: string, password: string) => verify(stored, password).catch(() => false);

/** A hash of nothing, verified against when the account does not exist, so timing does not tell. */
let dummy: Promise<string> | null = null;
export const dummyVerify = async (password: string) => {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
  return false;
};

/** Password rules: 8–128 characters, letters and digits, not the login itself. */
export function assertPasswordRules(password: string, login: string) {
  if (password.length < 8 || password.length > 128)
    throw badRequest(
      'PASSWORD_LENGTH',
      '密码长度须为 8–128 位',
      'The password must be 8 to 128 characters long',
      'password',
    );
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password))
    throw badRequest(
      'PASSWORD_WEAK',
      '密码须同时包含字母和数字',
      'The password must contain letters and digits',
      'password',
    );
  if (password.includes(login))
    throw badRequest(
      'PASSWORD_IS_LOGIN',
      '密码不能包含手机号',
      'The password must not contain the phone number',
      'password',
    );
}

/** An issued password, shown once: readable, no look-alike characters. */
export function issuePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz';
  const digits = '23456789';
  const pick = (s: string, n: number) => Array.from(randomBytes(n), (b) => s[b % s.length]).join('');
  return `${pick(letters, 4)}${pick(digits, 4)}`;
}
