/**
 * A grid structure as a tree: village → zone → patch → grid, each with its household count and
 * the people responsible. Used by the overview (click a grid → its households) and the editor.
 */
import { Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { matchWithAncestors, nest, type Nested } from '../tree';
import type { TreeNode } from '../../../api/types';
import { StaffTag } from '../../components/StaffTag';

export interface StructureTreeViewProps {
  nodes: TreeNode[];
  /** Show units (shops, institutions) beside households. */
  showUnits?: boolean;
  selectedId?: string | null;
  onSelect?: (node: TreeNode) => void;
  /** Text filter on code and name. */
  filter?: string;
  /** Expand nodes shallower than this depth at first (default: 2 → root and zones). */
  expandDepth?: number;
  /** Show only grid members on grids and the leader on other nodes (compact). */
  compact?: boolean;
}

interface Item extends DataNode {
  node: TreeNode;
}

function NodeTitle({ node, showUnits, compact }: { node: TreeNode; showUnits?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const staff = node.staff.filter((s) => s.role !== 'evaluator' && s.role !== 'reserve');
  const shown = compact ? staff.slice(0, 2) : staff;
  return (
    <span
      data-testid={`tree-node-${node.code}`}
      style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', columnGap: 8, rowGap: 2 }}
    >
      <Typography.Text strong={node.kind !== 'grid'}>
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 4 }}>
          {node.code}
        </Typography.Text>
        {node.name}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {node.kind !== 'grid' && `${t('overview.gridCount', { n: node.grids })} · `}
        {t('overview.hh', { n: node.households })}
        {showUnits && node.units > 0 && ` · ${t('overview.units', { n: node.units })}`}
      </Typography.Text>
      <span>
        {shown.map((s) => (
          <StaffTag key={s.postId} role={s.role} name={s.name} partyMember={s.partyMember} />
        ))}
        {shown.length < staff.length && (
          <Typography.Text type="secondary">+{staff.length - shown.length}</Typography.Text>
        )}
      </span>
    </span>
  );
}

export function StructureTreeView({
  nodes,
  showUnits,
  selectedId,
  onSelect,
  filter = '',
  expandDepth = 2,
  compact,
}: StructureTreeViewProps) {
  const keep = useMemo(() => matchWithAncestors(nodes, filter), [nodes, filter]);
  const treeData = useMemo(() => {
    const toItem = (n: Nested): Item | null => {
      if (keep && !keep.has(n.id)) return null;
      const children = n.children.map(toItem).filter((x): x is Item => !!x);
      return { key: n.id, node: n, title: n.name, isLeaf: n.kind === 'grid', children };
    };
    return nest(nodes)
      .map(toItem)
      .filter((x): x is Item => !!x);
  }, [nodes, keep]);

  const initial = useMemo(
    () => nodes.filter((n) => n.depth < expandDepth && n.kind !== 'grid').map((n) => n.id),
    [nodes, expandDepth],
  );
  const [expanded, setExpanded] = useState<Key[]>(initial);
  // Keep the selected node visible (e.g. after a split adds a grid).
  useEffect(() => {
    if (!selectedId) return;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const up: string[] = [];
    for (let x = byId.get(selectedId); x?.parentId; x = byId.get(x.parentId)) up.push(x.parentId);
    setExpanded((e) => (up.every((id) => e.includes(id)) ? e : [...new Set([...e, ...up])]));
  }, [selectedId, nodes]);

  return (
    <Tree<Item>
      data-testid="structure-tree"
      blockNode
      showLine
      treeData={treeData}
      expandedKeys={keep ? [...keep] : expanded}
      onExpand={(keys) => setExpanded(keys)}
      selectedKeys={selectedId ? [selectedId] : []}
      onSelect={(_, info) => {
        const node = info.node.node;
        if (onSelect) onSelect(node);
        if (node.kind === 'grid' || keep) return;
        // Expand a closed node; collapse an open one when it was already selected (or the tree has no selection).
        const open = expanded.includes(node.id);
        if (!open) setExpanded([...expanded, node.id]);
        else if (selectedId === undefined || selectedId === node.id) setExpanded(expanded.filter((k) => k !== node.id));
      }}
      titleRender={(item) => <NodeTitle node={item.node} showUnits={showUnits} compact={compact} />}
    />
  );
}
