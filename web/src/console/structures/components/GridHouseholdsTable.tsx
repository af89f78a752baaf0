/** The households of one grid; in a draft, select some to move them or split them off. */
import { Button, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow, TreeNode } from '../../../api/types';
import type { EditorContext } from './editorContext';
import { MoveModal } from './MoveModal';
import { SplitModal } from './SplitModal';
import { HouseholdKindTag } from '../../components/Tags';

export function GridHouseholdsTable({
  ctx,
  grid,
  rows,
  loading,
  readOnly,
}: {
  ctx: EditorContext;
  grid: TreeNode;
  rows: HouseholdRow[];
  loading: boolean;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<'move' | 'split' | null>(null);
  const columns: ColumnsType<HouseholdRow> = [
    { title: t('households.number'), dataIndex: 'number', width: 90 },
    { title: t('households.head'), key: 'head', render: (_, r) => r.head ?? r.name ?? '—' },
    {
      title: t('households.kind'),
      dataIndex: 'kind',
      render: (k: HouseholdRow['kind']) => <HouseholdKindTag kind={k} />,
    },
    { title: t('households.address'), dataIndex: 'address' },
    { title: t('households.residents'), dataIndex: 'residents', align: 'right' },
  ];
  const close = (done: boolean) => {
    setDialog(null);
    if (done) setSelected([]);
  };
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('editor.gridHouseholds', { n: rows.length })}</Typography.Text>
        {!readOnly && (
          <Flex gap={8} wrap align="center">
            {selected.length > 0 && (
              <Typography.Text type="secondary">{t('editor.selected', { n: selected.length })}</Typography.Text>
            )}
            <Button
              size="small"
              disabled={!selected.length}
              onClick={() => setDialog('move')}
              data-testid="move-households"
            >
              {t('editor.action.move')}
            </Button>
            <Button
              size="small"
              disabled={!selected.length || selected.length === rows.length}
              onClick={() => setDialog('split')}
              data-testid="split-grid"
            >
              {t('editor.action.split')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Table<HouseholdRow>
        data-testid="grid-households"
        size="small"
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small' }}
        scroll={{ x: 'max-content' }}
        rowSelection={
          readOnly ? undefined : { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
        }
        locale={{ emptyText: t('editor.noHouseholds') }}
      />
      {dialog === 'move' && <MoveModal ctx={ctx} grid={grid} householdIds={selected} onClose={close} />}
      {dialog === 'split' && <SplitModal ctx={ctx} grid={grid} householdIds={selected} onClose={close} />}
    </div>
  );
}
