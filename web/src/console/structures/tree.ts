/** Helpers over the flat node list of a structure tree. */
import type { TreeNode } from '../../api/types';

export interface Nested extends TreeNode {
  children: Nested[];
}

export function nest(nodes: TreeNode[]): Nested[] {
  const byId = new Map<string, Nested>(nodes.map((n) => [n.id, { ...n, children: [] }]));
  const roots: Nested[] = [];
  for (const n of nodes) {
    const me = byId.get(n.id)!;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(me);
    else roots.push(me);
  }
  const sort = (xs: Nested[]) => {
    xs.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
    xs.forEach((x) => sort(x.children));
  };
  sort(roots);
  return roots;
}

export const gridsOf = (nodes: TreeNode[]) =>
  nodes.filter((n) => n.kind === 'grid').sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));

/** Ids of the matching nodes and all their ancestors (for filtering the tree). */
export function matchWithAncestors(nodes: TreeNode[], q: string): Set<string> | null {
  const needle = q.trim().toLowerCase();
  if (!needle) return null;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  for (const n of nodes) {
    if (!n.code.toLowerCase().includes(needle) && !n.name.toLowerCase().includes(needle)) continue;
    for (let x: TreeNode | undefined = n; x && !keep.has(x.id); x = x.parentId ? byId.get(x.parentId) : undefined)
      keep.add(x.id);
  }
  return keep;
}
