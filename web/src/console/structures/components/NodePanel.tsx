/** The selected node in the editor: header with node actions, its staff, and (grids) its households. */
import { Button, Card, Divider, Flex, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteNode } from '../../../api/structures';
import type { HouseholdRow, TreeNode } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import type { EditorContext } from './editorContext';
import { GridHouseholdsTable } from './GridHouseholdsTable';
import { MergeModal } from './MergeModal';
import { NodeFormModal } from './NodeFormModal';
import { StaffSection } from './StaffSection';

export interface NodePanelProps {
  ctx: EditorContext;
  node: TreeNode;
  readOnly: boolean;
  households: HouseholdRow[];
  householdsLoading: boolean;
}

export function NodePanel({ ctx, node, readOnly, households, householdsLoading }: NodePanelProps) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'add' | 'rename' | 'merge' | null>(null);
  const remove = useApiMutation(() => deleteNode(ctx.village, ctx.structureId, node.id), {
    success: t('editor.msg.deleted'),
    invalidate: ctx.changed,
    onSuccess: () => ctx.select(node.parentId),
  });
  const close = () => setDialog(null);
  return (
    <Card
      size="small"
      data-testid="node-panel"
      title={
        <span>
          <Tag>{t(`nodeKind.${node.kind}`)}</Tag>
          {node.code} {node.name}
        </span>
      }
    >
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">
          {t('editor.nodeSummary', { grids: node.grids, households: node.households, units: node.units })}
        </Typography.Text>
        {!readOnly && (
          <Flex gap={6} wrap>
            <Button size="small" onClick={() => setDialog('rename')}>
              {t('editor.action.rename')}
            </Button>
            {node.kind !== 'grid' && (
              <Button size="small" onClick={() => setDialog('add')}>
                {t('editor.action.addChild')}
              </Button>
            )}
            {node.kind === 'grid' && (
              <Button size="small" onClick={() => setDialog('merge')}>
                {t('editor.action.merge')}
              </Button>
            )}
            {node.kind !== 'root' && (
              <Popconfirm title={t('editor.form.deleteConfirm', { name: node.name })} onConfirm={() => remove.mutate()}>
                <Button size="small" danger loading={remove.isPending}>
                  {t('editor.action.delete')}
                </Button>
              </Popconfirm>
            )}
          </Flex>
        )}
      </Flex>
      <Divider style={{ margin: '12px 0' }} />
      <StaffSection ctx={ctx} node={node} readOnly={readOnly} />
      {node.kind === 'grid' && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <GridHouseholdsTable
            key={node.id}
            ctx={ctx}
            grid={node}
            rows={households}
            loading={householdsLoading}
            readOnly={readOnly}
          />
        </>
      )}
      {dialog === 'add' && <NodeFormModal ctx={ctx} node={node} mode="add" onClose={close} />}
      {dialog === 'rename' && <NodeFormModal ctx={ctx} node={node} mode="rename" onClose={close} />}
      {dialog === 'merge' && <MergeModal ctx={ctx} grid={node} onClose={close} />}
    </Card>
  );
}
