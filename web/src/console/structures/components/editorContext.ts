import type { QueryKey } from '@tanstack/react-query';
import type { TreeNode } from '../../../api/types';

/** What the editor's dialogs need: where they edit, the nodes, and which queries to refresh. */
export interface EditorContext {
  village: string;
  structureId: string;
  nodes: TreeNode[];
  /** Query keys to refetch after any change to the structure. */
  changed: QueryKey[];
  select: (nodeId: string | null) => void;
}
