/** Households as a paged table (desktop). */
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { HouseholdRow } from '../../../api/types';
import { HouseholdKindTag } from '../../components/Tags';

export interface HouseholdListProps {
  rows: HouseholdRow[];
  total: number;
  page: number;
  pageSize: number;
  loading?: boolean;
  onPage: (page: number, pageSize: number) => void;
  onOpen: (row: HouseholdRow) => void;
}

export function HouseholdTable({ rows, total, page, pageSize, loading, onPage, onOpen }: HouseholdListProps) {
  const { t } = useTranslation();
  const columns: ColumnsType<HouseholdRow> = [
    {
      title: t('households.number'),
      dataIndex: 'number',
      width: 100,
      render: (n: string) => <Typography.Link>{n}</Typography.Link>,
    },
    { title: t('households.head'), key: 'head', render: (_, r) => r.head ?? r.name ?? t('common.dash') },
    {
      title: t('households.kind'),
      dataIndex: 'kind',
      width: 100,
      render: (k: HouseholdRow['kind']) => <HouseholdKindTag kind={k} />,
    },
    { title: t('households.address'), dataIndex: 'address', ellipsis: true },
    { title: t('households.residents'), dataIndex: 'residents', width: 80, align: 'right' },
    {
      title: t('households.grid'),
      key: 'grid',
      render: (_, r) => (r.grid ? `${r.grid.code} ${r.grid.name}` : t('common.dash')),
    },
    {
      title: t('households.gridMember'),
      key: 'gm',
      render: (_, r) => r.gridMembers.join(t('common.listSep')) || t('common.dash'),
    },
  ];
  return (
    <Table<HouseholdRow>
      data-testid="households-table"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      onRow={(r) => ({ onClick: () => onOpen(r), style: { cursor: 'pointer' } })}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        showTotal: (n) => t('households.total', { n }),
        onChange: onPage,
      }}
      locale={{ emptyText: t('households.empty') }}
    />
  );
}
