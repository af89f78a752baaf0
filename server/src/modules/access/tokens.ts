import { createHash, randomBytes } from 'node:crypto';

/** Opaque random tokens; only their SHA-256 is stored, so a database leak does not leak sessions. */
export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
