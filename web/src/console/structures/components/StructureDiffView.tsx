/** What changed between two structures: households moved, grids added/removed, renames, staff. */
import { Empty, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CodeName, StructureDiff } from '../../../api/types';
import { RoleTag } from '../../components/StaffTag';

const cn = (x: CodeName | null) => (x ? `${x.code} ${x.name}` : '—');

function GridList({ grids }: { grids: CodeName[] }) {
  const { t } = useTranslation();
  if (!grids.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('diff.none')} />;
  return (
    <div>
      {grids.map((g) => (
        <Tag key={g.code} style={{ marginBottom: 4 }}>
          {g.code} {g.name}
        </Tag>
      ))}
    </div>
  );
}

export function StructureDiffView({ diff }: { diff: StructureDiff }) {
  const { t } = useTranslation();
  const pagination = { pageSize: 10, size: 'small' as const, hideOnSinglePage: true };
  return (
    <div data-testid="structure-diff">
      <Typography.Paragraph strong>
        {t('diff.summary', {
          moved: diff.householdsMoved.length,
          added: diff.gridsAdded.length,
          removed: diff.gridsRemoved.length,
          staff: diff.staffChanged.length,
        })}
      </Typography.Paragraph>
      <Tabs
        size="small"
        items={[
          {
            key: 'moved',
            label: `${t('diff.moved')} ${diff.householdsMoved.length}`,
            children: (
              <Table
                size="small"
                rowKey="householdId"
                dataSource={diff.householdsMoved}
                pagination={pagination}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('diff.none') }}
                columns={[
                  { title: t('diff.household'), dataIndex: 'householdNumber' },
                  { title: t('diff.from'), key: 'from', render: (_, r) => cn(r.from) },
                  { title: t('diff.to'), key: 'to', render: (_, r) => cn(r.to) },
                ]}
              />
            ),
          },
          {
            key: 'added',
            label: `${t('diff.added')} ${diff.gridsAdded.length}`,
            children: <GridList grids={diff.gridsAdded} />,
          },
          {
            key: 'removed',
            label: `${t('diff.removed')} ${diff.gridsRemoved.length}`,
            children: <GridList grids={diff.gridsRemoved} />,
          },
          {
            key: 'staff',
            label: `${t('diff.staff')} ${diff.staffChanged.length}`,
            children: (
              <Table
                size="small"
                rowKey={(r) => `${r.nodeCode}-${r.role}`}
                dataSource={diff.staffChanged}
                pagination={pagination}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('diff.none') }}
                columns={[
                  { title: t('diff.node'), key: 'node', render: (_, r) => `${r.nodeCode} ${r.nodeName}` },
                  { title: t('diff.role'), dataIndex: 'role', render: (role) => <RoleTag role={role} /> },
                  {
                    title: t('diff.appointed'),
                    dataIndex: 'added',
                    render: (xs: string[]) => xs.join(t('common.listSep')) || '—',
                  },
                  {
                    title: t('diff.removedPeople'),
                    dataIndex: 'removed',
                    render: (xs: string[]) => xs.join(t('common.listSep')) || '—',
                  },
                ]}
              />
            ),
          },
          {
            key: 'renamed',
            label: `${t('diff.renamed')} ${diff.nodesRenamed.length}`,
            children: (
              <Table
                size="small"
                rowKey="code"
                dataSource={diff.nodesRenamed}
                pagination={pagination}
                locale={{ emptyText: t('diff.none') }}
                columns={[
                  { title: t('diff.node'), dataIndex: 'code' },
                  { title: t('diff.oldName'), dataIndex: 'from' },
                  { title: t('diff.newName'), dataIndex: 'to' },
                ]}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
