/** Evidence photos for tests: a tiny PNG, uploaded like the phone does, answering its reference. */
import type { App } from '../../server/src/http/app';
import type { Call } from './demo-app';
import { multipart } from './import-fixture';

// A 1×1 PNG.
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The session headers of a signed-in client (for hand-built requests such as uploads). */
export function headersOf(c: Call): Record<string, string> {
  const cookies = (c as unknown as { cookies: Map<string, string> }).cookies;
  return {
    cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    'x-csrf-token': cookies.get('wangge_csrf') ?? '',
  };
}

/** Upload a photo as `c` in the demo village; its `evidence:<id>` reference. */
export async function uploadEvidence(app: App, c: Call, data: Buffer = png, village = 'dahuashan'): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/villages/${village}/points/evidence`,
    ...multipart('photo.png', data, headersOf(c)),
  });
  if (res.statusCode !== 201) throw new Error(`evidence upload failed: ${res.statusCode} ${res.body}`);
  return res.json().ref;
}
