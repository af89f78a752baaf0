/**
 * Standings (积分榜): grid members ranked by their full balance (points above the reward cap count,
 * for "most beautiful grid member"), households by points; for the chief and the evaluator, charts
 * of household points by grid and net points by month.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Table, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can, useMe } from '../../../api/auth';
import { pk } from '../../../api/keys';
import { getCharts } from '../../../api/points';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { BestTag } from '../components/PointsTags';
import { useBoard } from '../components/useBoard';

const PointsCharts = lazy(() => import('../components/PointsCharts'));

export default function StandingsPage() {
  const { t } = useTranslation();
  const { village } = useVillage();
  const phone = useIsPhone();
  const navigate = useNavigate();
  const me = useMe();
  const manage = can(me.data, 'points.manage');
  const board = useBoard(village);
  const charts = useQuery({ queryKey: pk.charts(village), queryFn: () => getCharts(village), enabled: manage });
  if (board.isLoading) return <PageLoading />;
  if (board.error || !board.data) return <QueryError error={board.error} onRetry={() => board.refetch()} />;
  const { members, households } = board.data.standings;
  return (
    <>
      <PageTitle
        title={t('points.standings.title')}
        sub={t('points.standings.sub', { period: board.data.period.label })}
        extra={
          <Button onClick={() => navigate('/console/points/board')} data-testid="to-board">
            {t('points.standings.printBoard')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('points.standings.members')} size={phone ? 'small' : undefined}>
            <Table
              data-testid="member-standings"
              size="small"
              rowKey="accountId"
              dataSource={members}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('points.standings.rank'), dataIndex: 'rank', width: 64 },
                {
                  title: t('points.standings.member'),
                  dataIndex: 'name',
                  render: (name: string, r) => (
                    <>
                      {name} <BestTag rank={r.rank} ranks={members.map((m) => m.rank)} />
                    </>
                  ),
                },
                { title: t('points.standings.balance'), dataIndex: 'balance', align: 'right', width: 96 },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('points.standings.memberNote')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('points.standings.households')} size={phone ? 'small' : undefined}>
            <Table
              data-testid="household-standings"
              size="small"
              rowKey="accountId"
              dataSource={households}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              columns={[
                { title: t('points.standings.rank'), dataIndex: 'rank', width: 64 },
                { title: t('points.standings.household'), dataIndex: 'number' },
                { title: t('points.standings.balance'), dataIndex: 'balance', align: 'right', width: 96 },
              ]}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('points.standings.householdNote')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      {manage &&
        (charts.isLoading ? (
          <PageLoading />
        ) : charts.error || !charts.data ? (
          <QueryError error={charts.error} onRetry={() => charts.refetch()} />
        ) : (
          <Suspense fallback={<PageLoading />}>
            <PointsCharts data={charts.data} phone={phone} />
          </Suspense>
        ))}
    </>
  );
}
