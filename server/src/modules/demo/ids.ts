import { createHash } from 'node:crypto';

/** Namespace for the demo's name-based ids (an arbitrary fixed UUID). */
const NAMESPACE = Buffer.from('6f1c2a3e9b7d4c5a8e0f1a2b3c4d5e6f', 'hex');

/**
 * A deterministic UUID (RFC 9562 version 5, SHA-1 name-based) for a demo row: the same seed,
 * kind and key always give the same id, so a demo village is reproducible down to its ids,
 * and the ids pass any UUID check the API applies.
 */
export function demoId(seed: number, kind: string, key: string | number): string {
  const h = createHash('sha1').update(NAMESPACE).update(`${seed}/${kind}/${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
