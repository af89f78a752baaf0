/** The village's counts as statistic cards. */
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Counts } from '../../../api/types';

const order: (keyof Counts)[] = ['households', 'units', 'residents', 'grids', 'staff'];

export function StatsCards({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <Row gutter={[12, 12]}>
      {order.map((k) => (
        <Col key={k} xs={12} sm={8} lg={{ flex: '1 1 0' }}>
          <Card size="small" data-testid={`stat-${k}`}>
            <Statistic title={t(`overview.stat.${k}`)} value={counts[k]} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
