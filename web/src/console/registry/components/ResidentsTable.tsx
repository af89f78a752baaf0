/** The residents of a household; ID and phone numbers as the server returns them (masked). */
import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import type { Resident } from '../../../api/types';

export function ResidentsTable({ residents }: { residents: Resident[] }) {
  const { t } = useTranslation();
  const columns: ColumnsType<Resident> = [
    { title: t('household.col.name'), dataIndex: 'name', fixed: 'left', width: 90 },
    {
      title: t('household.col.relation'),
      dataIndex: 'relation',
      render: (r: Resident['relation']) => t(`relation.${r}`),
    },
    {
      title: t('household.col.gender'),
      dataIndex: 'gender',
      render: (g: Resident['gender']) => (g ? t(`gender.${g}`) : '—'),
    },
    { title: t('household.col.birthDate'), dataIndex: 'birthDate' },
    {
      title: t('household.col.idNumber'),
      dataIndex: 'idNumber',
      render: (v: string) => (
        <span style={{ fontFamily: 'monospace' }} data-testid="id-number">
          {v}
        </span>
      ),
    },
    {
      title: t('household.col.phone'),
      dataIndex: 'phone',
      render: (v: string | null) => <span style={{ fontFamily: 'monospace' }}>{v ?? '—'}</span>,
    },
    {
      title: t('household.col.status'),
      dataIndex: 'status',
      render: (s: Resident['status']) => (
        <Tag color={s === 'resident' ? 'green' : s === 'away' ? 'orange' : 'blue'}>{t(`residence.${s}`)}</Tag>
      ),
    },
    {
      title: t('household.col.tags'),
      dataIndex: 'tags',
      render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
    },
  ];
  return (
    <Table<Resident>
      data-testid="residents-table"
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={residents}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('household.noResidents') }}
    />
  );
}
