/** The child side of isolate.ts: run the named function once, send its result, exit. */
import { stopSampler } from './memory';

process.once('message', async (msg: { module: string; fn: string; input: unknown }) => {
  let reply: { ok: boolean; result?: unknown; error?: string };
  try {
    const mod = (await import(msg.module)) as Record<string, (input: unknown) => Promise<unknown>>;
    reply = { ok: true, result: await mod[msg.fn](msg.input) };
  } catch (e) {
    reply = { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  await stopSampler();
  process.send!(reply, () => process.exit(reply.ok ? 0 : 1));
});
