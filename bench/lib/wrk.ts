/**
 * The HTTP load generator: wrk (C, epoll, keep-alive connections) in a process of its own, one
 * thread, a fixed number of connections, a Lua script giving each request its body (a fresh
 * request id each) and reporting the figures as one JSON line.
 * (autocannon would be the npm choice; it is not a dependency yet — wrk comes from the OS.)
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Responses other than 2xx/3xx, and socket errors (connect, read, write, timeout). */
  non2xx: number;
  socketErrors: number;
  /** Latency, ms. */
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

export interface WrkRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /**
   * POST bodies: a template where `{{id}}` becomes a fresh id per request and `{{pick}}` the
   * next of `picks` (round robin).
   */
  body?: string;
  picks?: string[];
}

export function wrkVersion(): string | null {
  try {
    return execFileSync('wrk', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      .trim();
  } catch (e) {
    // wrk --version exits with 1 after printing its banner
    const out = (e as { stdout?: string }).stdout;
    return out ? out.split('\n')[0].trim() : null;
  }
}

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal for our texts

function script(r: WrkRequest): string {
  const headers = Object.entries(r.headers ?? {})
    .map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`)
    .join('\n');
  const [before, after] = (r.body ?? '').split('{{id}}');
  const parts = (s: string) => s.split('{{pick}}').map(lua);
  return `
wrk.method = ${lua(r.method)}
${headers}
local picks = { ${(r.picks ?? ['']).map(lua).join(', ')} }
local prefix = "x"
local n = 0
init = function(args) prefix = args[1] or "x" end
local function fill(parts, pick)
  local out = parts[1]
  for i = 2, #parts do out = out .. pick .. parts[i] end
  return out
end
local before = { ${parts(before).join(', ')} }
local after = { ${after === undefined ? '' : parts(after).join(', ')} }
request = function()
  n = n + 1
  ${
    r.body === undefined
      ? 'return wrk.format()'
      : `local pick = picks[(n % #picks) + 1]
  local body = fill(before, pick)
  ${after === undefined ? '' : 'body = body .. prefix .. "-" .. n .. fill(after, pick)'}
  return wrk.format(nil, nil, nil, body)`
  }
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"us":%d,"status":%d,"socket":%d,"p50":%d,"p90":%d,"p99":%d,"mean":%f,"max":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
`;
}

let seq = 0;

/** Run wrk against one route for `seconds` with `connections` keep-alive connections. */
export function wrk(
  r: WrkRequest,
  opts: { seconds: number; connections: number; tmpDir: string; threads?: number },
): Promise<WrkResult> {
  const file = path.join(opts.tmpDir, `wrk-${process.pid}-${++seq}.lua`);
  fs.writeFileSync(file, script(r));
  const prefix = `b${Date.now().toString(36)}${seq}`;
  const args = [
    `-t${opts.threads ?? 1}`,
    `-c${opts.connections}`,
    `-d${opts.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    file,
    r.url,
    '--',
    prefix,
  ];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { encoding: 'utf8', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      fs.rmSync(file, { force: true });
      const line = stdout.split('\n').find((l) => l.startsWith('WRKJSON '));
      if (err || !line) return reject(new Error(`wrk failed: ${err?.message ?? ''} ${stderr} ${stdout}`));
      const j = JSON.parse(line.slice(8)) as Record<string, number>;
      const seconds = j.us / 1e6;
      resolve({
        requests: j.requests,
        seconds,
        rps: j.requests / seconds,
        non2xx: j.status,
        socketErrors: j.socket,
        p50: j.p50 / 1000,
        p90: j.p90 / 1000,
        p99: j.p99 / 1000,
        mean: j.mean / 1000,
        max: j.max / 1000,
      });
    });
  });
}
