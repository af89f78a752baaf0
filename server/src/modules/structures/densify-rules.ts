/**
 * Densifying a structure (加密网格, issue #10 point 9): re-cut a draft's grids so that every grid
 * holds between `min` and `max` households and units, neighbours kept together. Pure: no I/O.
 *
 * - Neighbour order of a set of households: along the principal axis of their coordinates when
 *   every one has coordinates (oriented east, or north for a north–south street), else by address
 *   (street, then house number as a number), ties by address and id.
 * - Units (and uncovered households) to add go to the grid of their nearest household: by
 *   distance when both have coordinates, else the same street's nearest house number, else the
 *   household just before them in address order.
 * - A grid within bounds (units placed) is kept; a grid above `max` is cut into consecutive
 *   balanced chunks within bounds; a grid that cannot be cut alone (below `min`, or no count of
 *   chunks fits) is joined with a neighbour — same parent first, then the one that makes the pair
 *   cuttable, then the smaller, the next before the previous — and the joined sequence is cut.
 * - A run so re-cut is joined with neighbours under the same parent where that saves a grid.
 * - Each chunk comes from the old grid most of its members come from; the first chunk of an old
 *   grid keeps its node, the others are new nodes named "<old name>-2", "-3", …
 */
import type { HouseholdKind } from '../../db/types';

export interface DensifyMember {
  id: string;
  number: string;
  kind: HouseholdKind;
  address: string;
  lat: number | null;
  lng: number | null;
}
export interface DensifyGrid {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  members: DensifyMember[];
}
export interface DensifyInput {
  /** The draft's grids in tree order. */
  grids: DensifyGrid[];
  /** Units (and uncovered households) to place with their nearest grid. */
  add: DensifyMember[];
  min: number;
  max: number;
}
export interface ProposedGrid {
  /** The old grid most of its members come from. */
  from: string;
  /** 1 for the part that keeps the old grid's node. */
  part: number;
  parts: number;
  name: string;
  parentId: string | null;
  /** Every old grid that gives it members. */
  sources: string[];
  /** In neighbour order. */
  memberIds: string[];
  households: number;
  units: number;
  withinBounds: boolean;
}
export interface DensifySummary {
  gridsBefore: number;
  gridsAfter: number;
  /** Old grids left exactly as they were. */
  kept: number;
  /** Old grids cut into more than one part. */
  split: number;
  /** Old grids whose members all went to other grids (their nodes go). */
  removed: string[];
  /** Households and units already in a grid that change grid. */
  householdsMoved: number;
  /** Units and households placed that were in no grid. */
  placed: number;
  /** Proposed grids outside the bounds (only when no cut can satisfy them). */
  outOfBounds: number;
}
export interface DensifyPlan {
  grids: ProposedGrid[];
  summary: DensifySummary;
}

// ---------------------------------------------------------------- neighbour order

const collator = new Intl.Collator('zh', { numeric: true });

/** "大华山村东街12号" → street "大华山村东街", number 12. */
export function splitAddress(address: string): { street: string; number: number } {
  const m = /^(.*?)(\d+)\D*$/.exec(address.trim());
  return m ? { street: m[1].trim(), number: Number(m[2]) } : { street: address.trim(), number: Infinity };
}

export function compareAddress(a: DensifyMember, b: DensifyMember): number {
  const x = splitAddress(a.address);
  const y = splitAddress(b.address);
  return (
    collator.compare(x.street, y.street) ||
    (x.number === y.number ? 0 : x.number < y.number ? -1 : 1) ||
    collator.compare(a.address, b.address) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

const hasCoords = (m: DensifyMember): m is DensifyMember & { lat: number; lng: number } =>
  m.lat !== null && m.lng !== null && Number.isFinite(m.lat) && Number.isFinite(m.lng);

/**
 * Planar coordinates in degrees of latitude: longitude shrunk by the cosine of one reference
 * latitude for the whole set (never each point's own, which would skew houses across a street).
 */
const planar = (m: { lat: number; lng: number }, refLat: number) => ({
  x: m.lng * Math.cos((refLat * Math.PI) / 180),
  y: m.lat,
});

export function neighbourOrder(members: DensifyMember[]): DensifyMember[] {
  const canon = [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (canon.length < 2 || !canon.every(hasCoords)) return canon.sort(compareAddress);
  const located = canon as { lat: number; lng: number }[];
  const refLat = located.reduce((s, m) => s + m.lat, 0) / located.length;
  const pts = located.map((m) => planar(m, refLat));
  const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (const p of pts) {
    xx += (p.x - mx) ** 2;
    xy += (p.x - mx) * (p.y - my);
    yy += (p.y - my) ** 2;
  }
  const theta = 0.5 * Math.atan2(2 * xy, xx - yy);
  let ax = Math.cos(theta);
  let ay = Math.sin(theta);
  if (ax < 1e-12 && ay < 0) [ax, ay] = [-ax, -ay];
  // Rounded to ~0.1 mm so that houses facing each other across a street tie and fall back to address order.
  const key = new Map(canon.map((m, i) => [m.id, Math.round(((pts[i].x - mx) * ax + (pts[i].y - my) * ay) * 1e9)]));
  return canon.sort((a, b) => key.get(a.id)! - key.get(b.id)! || compareAddress(a, b));
}

// ---------------------------------------------------------------- placement

/** The index of the grid each member to add joins (its nearest household's grid). */
export function placeMembers(grids: DensifyGrid[], add: DensifyMember[]): number[] {
  const homes = grids.flatMap((g, gi) => g.members.map((m) => ({ m, gi })));
  if (!homes.length && add.length) throw new Error('no grid to place households in');
  const located = homes.filter((h) => hasCoords(h.m));
  const byAddress = [...homes].sort((a, b) => compareAddress(a.m, b.m));
  return add.map((u) => {
    if (hasCoords(u) && located.length) {
      const p = planar(u, u.lat);
      let best = located[0];
      let bestD = Infinity;
      for (const h of located) {
        const q = planar(h.m as { lat: number; lng: number }, u.lat);
        const d = (q.x - p.x) ** 2 + (q.y - p.y) ** 2;
        if (d < bestD || (d === bestD && compareAddress(h.m, best.m) < 0)) [best, bestD] = [h, d];
      }
      return best.gi;
    }
    const { street, number } = splitAddress(u.address);
    const sameStreet = byAddress.filter((h) => splitAddress(h.m.address).street === street);
    if (sameStreet.length && Number.isFinite(number)) {
      const gap = (h: (typeof homes)[number]) => Math.abs(splitAddress(h.m.address).number - number);
      return sameStreet.reduce((best, h) => (gap(h) < gap(best) ? h : best)).gi;
    }
    const before = byAddress.filter((h) => compareAddress(h.m, u) < 0);
    return (before.length ? before[before.length - 1] : byAddress[0]).gi;
  });
}

// ---------------------------------------------------------------- cutting

/** The number of chunks within bounds a run of `n` can be cut into, or null when none fits. */
export function chunkCount(n: number, min: number, max: number): number | null {
  const k = Math.ceil(n / max);
  return k * min <= n ? k : null;
}

/** Cut a sequence into `k` consecutive chunks of balanced sizes (the larger first). */
export function cut<T>(xs: T[], k: number): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < k; i++) {
    const size = Math.floor(xs.length / k) + (i < xs.length % k ? 1 : 0);
    out.push(xs.slice(at, at + size));
    at += size;
  }
  return out;
}

interface Block {
  start: number;
  end: number;
  size: number;
  stuck: boolean;
}

/** Join runs of grids until each run can be cut within bounds (or no neighbour is left). */
function blocksOf(sizes: number[], parents: (string | null)[], min: number, max: number): Block[] {
  const blocks: Block[] = sizes.map((size, i) => ({ start: i, end: i, size, stuck: false }));
  for (;;) {
    const bi = blocks.findIndex((b) => !b.stuck && chunkCount(b.size, min, max) === null);
    if (bi < 0) return fewerGrids(blocks, parents, min, max);
    const b = blocks[bi];
    const options = [
      { at: bi + 1, same: parents[b.end] === parents[b.end + 1] ? 1 : 0, next: 1 },
      { at: bi - 1, same: parents[b.start] === parents[b.start - 1] ? 1 : 0, next: 0 },
    ]
      .filter((o) => o.at >= 0 && o.at < blocks.length)
      .map((o) => ({ ...o, fits: chunkCount(b.size + blocks[o.at].size, min, max) !== null ? 1 : 0 }));
    if (!options.length) {
      b.stuck = true;
      continue;
    }
    options.sort(
      (x, y) => y.same - x.same || y.fits - x.fits || blocks[x.at].size - blocks[y.at].size || y.next - x.next,
    );
    const o = blocks[options[0].at];
    const joined = {
      start: Math.min(b.start, o.start),
      end: Math.max(b.end, o.end),
      size: b.size + o.size,
      stuck: false,
    };
    blocks.splice(Math.min(bi, options[0].at), 2, joined);
  }
}

/**
 * A run already re-cut is joined with neighbours under the same parent whenever together they
 * need fewer grids than apart (18 + 2 units and 17 make 3 grids; with two more 17s, 4 instead
 * of 5): the fewest grids, as in the source (1,324 / 18 ≈ 74). The shortest such window is taken
 * first; grids left as they were are joined only to a re-cut run.
 */
function fewerGrids(blocks: Block[], parents: (string | null)[], min: number, max: number): Block[] {
  const need = (n: number) => chunkCount(n, min, max);
  const recut = (b: Block) => b.end > b.start || need(b.size) !== 1;
  const saving = (from: number, to: number) => {
    const window = blocks.slice(from, to + 1);
    if (window.some((b) => b.stuck) || !window.some(recut)) return false;
    if (window.some((b, i) => i > 0 && parents[window[i - 1].end] !== parents[b.start])) return false;
    const apart = window.reduce((s, b) => s + (need(b.size) ?? Infinity), 0);
    const together = need(window.reduce((s, b) => s + b.size, 0));
    return together !== null && together < apart;
  };
  for (;;) {
    let found: [number, number] | null = null;
    for (let width = 1; width < blocks.length && !found; width++)
      for (let i = 0; i + width < blocks.length && !found; i++) if (saving(i, i + width)) found = [i, i + width];
    if (!found) return blocks;
    const [from, to] = found;
    const size = blocks.slice(from, to + 1).reduce((s, b) => s + b.size, 0);
    blocks.splice(from, to - from + 1, { start: blocks[from].start, end: blocks[to].end, size, stuck: false });
  }
}

export function densify(input: DensifyInput): DensifyPlan {
  const { grids, min, max } = input;
  if (min < 1 || max < min) throw new Error('densify: bounds must satisfy 1 <= min <= max');
  const placedAt = placeMembers(grids, input.add);
  const home = new Map<string, number>();
  const original = new Map<string, number>();
  const lists = grids.map((g, gi) => {
    for (const m of g.members) {
      home.set(m.id, gi);
      original.set(m.id, gi);
    }
    return [...g.members];
  });
  input.add.forEach((u, i) => {
    lists[placedAt[i]].push(u);
    home.set(u.id, placedAt[i]);
  });
  const ordered = lists.map(neighbourOrder);
  const blocks = blocksOf(
    ordered.map((l) => l.length),
    grids.map((g) => g.parentId),
    min,
    max,
  );

  const chunks: DensifyMember[][] = [];
  for (const b of blocks) {
    const run = ordered.slice(b.start, b.end + 1).flat();
    const k = chunkCount(run.length, min, max) ?? Math.max(run.length ? 1 : 0, Math.ceil(run.length / max));
    chunks.push(...cut(run, k));
  }

  const sourceOf = (chunk: DensifyMember[]) => {
    const counts = new Map<number, number>();
    for (const m of chunk) counts.set(home.get(m.id)!, (counts.get(home.get(m.id)!) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  };
  const partsOf = new Map<number, number>();
  const drafted = chunks.map((chunk) => {
    const sources = sourceOf(chunk);
    const from = sources[0][0];
    const part = (partsOf.get(from) ?? 0) + 1;
    partsOf.set(from, part);
    return { chunk, from, part, sources: sources.map(([gi]) => gi).sort((a, b) => a - b) };
  });

  let moved = 0;
  let kept = 0;
  const proposed: ProposedGrid[] = drafted.map(({ chunk, from, part, sources }) => {
    const g = grids[from];
    const parts = partsOf.get(from)!;
    for (const m of chunk) if (original.has(m.id) && (original.get(m.id) !== from || part > 1)) moved++;
    if (parts === 1 && chunk.length === g.members.length && chunk.every((m) => original.get(m.id) === from)) kept++;
    const units = chunk.filter((m) => m.kind !== 'household').length;
    return {
      from: g.id,
      part,
      parts,
      name: parts > 1 ? `${g.name}-${part}` : g.name,
      parentId: g.parentId,
      sources: sources.map((gi) => grids[gi].id),
      memberIds: chunk.map((m) => m.id),
      households: chunk.length - units,
      units,
      withinBounds: chunk.length >= min && chunk.length <= max,
    };
  });

  return {
    grids: proposed,
    summary: {
      gridsBefore: grids.length,
      gridsAfter: proposed.length,
      kept,
      split: [...partsOf.values()].filter((p) => p > 1).length,
      removed: grids.filter((_, gi) => !partsOf.has(gi)).map((g) => g.id),
      householdsMoved: moved,
      placed: input.add.length,
      outOfBounds: proposed.filter((p) => !p.withinBounds).length,
    },
  };
}
