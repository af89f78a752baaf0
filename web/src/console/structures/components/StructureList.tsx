/** Structures with their status; open, and discard drafts. Table on desktop, cards on phones. */
import { Button, Card, Flex, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import type { StructureListItem } from '../../../api/types';
import { StructureStatusTag } from '../../components/Tags';

export interface StructureListProps {
  items: StructureListItem[];
  phone: boolean;
  /** May create, edit and discard drafts (structure.write). */
  mayWrite: boolean;
  onOpen: (s: StructureListItem) => void;
  onDiscard: (s: StructureListItem) => void;
  discarding?: boolean;
}

function Actions({
  s,
  onOpen,
  onDiscard,
  discarding,
  mayWrite,
}: { s: StructureListItem } & Omit<StructureListProps, 'items' | 'phone'>) {
  const { t } = useTranslation();
  return (
    <Flex gap={8}>
      <Button
        size="small"
        type={s.status === 'draft' && mayWrite ? 'primary' : 'default'}
        onClick={() => onOpen(s)}
        data-testid={`open-${s.name}`}
      >
        {s.status === 'draft' && mayWrite ? t('structures.edit') : t('structures.view')}
      </Button>
      {s.status === 'draft' && mayWrite && (
        <Popconfirm
          title={t('structures.discardConfirm', { name: s.name })}
          onConfirm={() => onDiscard(s)}
          okButtonProps={{ danger: true, loading: discarding }}
        >
          <Button size="small" danger data-testid={`discard-${s.name}`}>
            {t('structures.discard')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );
}

export function StructureList({ items, phone, ...actions }: StructureListProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  if (phone) {
    return (
      <Flex vertical gap={8} data-testid="structure-list">
        {items.map((s) => (
          <Card key={s.id} size="small" data-testid="structure-row">
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{s.name}</Typography.Text>
              <StructureStatusTag status={s.status} />
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, margin: '4px 0 8px' }}>
              {t('structures.grids')} {s.grids} · {t(`coverage.${s.coverage}`)} · {s.sizeMin}–{s.sizeMax} ·{' '}
              {formatDate(s.activatedAt ?? s.createdAt, lang)}
            </Typography.Text>
            <Actions s={s} {...actions} />
          </Card>
        ))}
      </Flex>
    );
  }
  const columns: ColumnsType<StructureListItem> = [
    {
      title: t('structures.name'),
      dataIndex: 'name',
      render: (n: string, s) => <span title={s.note ?? undefined}>{n}</span>,
    },
    {
      title: t('structures.status'),
      dataIndex: 'status',
      width: 100,
      render: (st: StructureListItem['status']) => <StructureStatusTag status={st} />,
    },
    { title: t('structures.grids'), dataIndex: 'grids', width: 80, align: 'right' },
    {
      title: t('structures.coverage'),
      dataIndex: 'coverage',
      render: (c: StructureListItem['coverage']) => t(`coverage.${c}`),
    },
    { title: t('structures.size'), key: 'size', width: 110, render: (_, s) => `${s.sizeMin}–${s.sizeMax}` },
    { title: t('structures.created'), dataIndex: 'createdAt', render: (ms: number) => formatDate(ms, lang, true) },
    {
      title: t('structures.activated'),
      dataIndex: 'activatedAt',
      render: (ms: number | null) => formatDate(ms, lang, true),
    },
    {
      title: t('structures.retired'),
      dataIndex: 'retiredAt',
      render: (ms: number | null) => formatDate(ms, lang, true),
    },
    { title: t('common.actions'), key: 'actions', render: (_, s) => <Actions s={s} {...actions} /> },
  ];
  return (
    <Table<StructureListItem>
      data-testid="structure-list"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      pagination={false}
      onRow={() => ({ 'data-testid': 'structure-row' }) as object}
      scroll={{ x: 'max-content' }}
    />
  );
}
