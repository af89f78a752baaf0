/** The soak's chart as a small standalone SVG: p99 and p50 latency (ms, left) and RSS (MB, right) over time. */
import type { Window } from '../cases/soak';

const W = 720;
const H = 280;
const PAD = { l: 56, r: 56, t: 32, b: 36 };

export function soakChart(windows: Window[], title: string): string {
  const tMax = Math.max(1, ...windows.map((w) => w.t));
  const msMax = Math.max(1, ...windows.map((w) => w.p99)) * 1.1;
  const mbMax = Math.max(1, ...windows.map((w) => w.rssMb)) * 1.1;
  const x = (t: number) => PAD.l + (t / tMax) * (W - PAD.l - PAD.r);
  const y = (v: number, max: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const line = (pick: (w: Window) => number, max: number, colour: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${windows
      .map((w) => `${x(w.t).toFixed(1)},${y(pick(w), max).toFixed(1)}`)
      .join(' ')}"/>`;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${PAD.l}" y="18" font-size="13">${title}</text>
${ticks
  .map(
    (f) =>
      `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(f * msMax, msMax)}" y2="${y(f * msMax, msMax)}" stroke="#eee"/>` +
      `<text x="${PAD.l - 6}" y="${y(f * msMax, msMax) + 4}" text-anchor="end" fill="#c0392b">${(f * msMax).toFixed(0)}</text>` +
      `<text x="${W - PAD.r + 6}" y="${y(f * mbMax, mbMax) + 4}" fill="#2c6fbb">${(f * mbMax).toFixed(0)}</text>` +
      `<text x="${x(f * tMax)}" y="${H - PAD.b + 16}" text-anchor="middle">${Math.round(f * tMax)} s</text>`,
  )
  .join('\n')}
${line((w) => w.p99, msMax, '#c0392b')}
${line((w) => w.p50, msMax, '#e59866')}
${line((w) => w.rssMb, mbMax, '#2c6fbb')}
<text x="${PAD.l + 8}" y="${PAD.t + 12}" fill="#c0392b">p99 ms</text>
<text x="${PAD.l + 60}" y="${PAD.t + 12}" fill="#e59866">p50 ms</text>
<text x="${W - PAD.r - 8}" y="${PAD.t + 12}" text-anchor="end" fill="#2c6fbb">server RSS MB</text>
</svg>
`;
}
