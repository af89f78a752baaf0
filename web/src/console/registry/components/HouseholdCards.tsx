/** Households as a list of cards with a pager (phones). */
import { Card, Empty, Flex, Pagination, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HouseholdListProps } from './HouseholdTable';
import { HouseholdKindTag } from '../../components/Tags';

export function HouseholdCards({ rows, total, page, pageSize, loading, onPage, onOpen }: HouseholdListProps) {
  const { t } = useTranslation();
  return (
    <Spin spinning={!!loading}>
      <Flex vertical gap={8} data-testid="households-cards">
        {rows.length === 0 && !loading && <Empty description={t('households.empty')} />}
        {rows.map((r) => (
          <Card key={r.id} size="small" hoverable onClick={() => onOpen(r)} data-testid="household-card">
            <Flex justify="space-between" align="center">
              <Typography.Text strong>
                {r.number} · {r.head ?? r.name ?? t('common.dash')}
              </Typography.Text>
              <HouseholdKindTag kind={r.kind} />
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              {r.address}
            </Typography.Text>
            <Typography.Text style={{ fontSize: 13 }}>
              {t('households.people', { n: r.residents })} ·{' '}
              {r.grid ? `${r.grid.code} ${r.grid.name}` : t('common.dash')}
              {r.gridMembers.length > 0 &&
                ` · ${t('households.gridMember')} ${r.gridMembers.join(t('common.listSep'))}`}
            </Typography.Text>
          </Card>
        ))}
        {total > pageSize && (
          <Flex justify="center" style={{ marginTop: 8 }}>
            <Pagination simple current={page} pageSize={pageSize} total={total} onChange={onPage} />
          </Flex>
        )}
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('households.total', { n: total })}
        </Typography.Text>
      </Flex>
    </Spin>
  );
}
