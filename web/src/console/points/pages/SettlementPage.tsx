/**
 * Year-end settlement (年终结算): once per period. Shows what blocks it (entries under review or
 * disputed, objections and appeals not yet ruled on), runs it after a confirmation, and shows the
 * results: grid member payouts (min(balance, 600) × rate) ranked by the full balance — the top is
 * the "most beautiful grid member" reference — household reward tiers, and the xlsx export.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Flex, Row, Select, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, errorText } from '../../../api/client';
import { pk } from '../../../api/keys';
import { getSettlement, settle, settlementExportUrl } from '../../../api/points';
import type { SettlementResults } from '../../../api/types';
import { isEnglish } from '../../../lib/lang';
import { formatDate } from '../../../lib/format';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { BestTag } from '../components/PointsTags';
import { useBoard } from '../components/useBoard';

interface Blocked {
  message: string;
  entries: { id: string; status: string }[];
  objections: { id: string }[];
}

function Results({
  results,
  payoutTotal,
  village,
  period,
}: {
  results: SettlementResults;
  payoutTotal: number;
  village: string;
  period: string;
}) {
  const { t, i18n } = useTranslation();
  const en = isEnglish(i18n.language);
  const phone = useIsPhone();
  const tiers = new Map<string, number>();
  for (const h of results.households)
    if (h.tier) tiers.set(en ? h.tier.en : h.tier.zh, (tiers.get(en ? h.tier.en : h.tier.zh) ?? 0) + 1);
  const rewarded = results.households.filter((h) => h.tier).sort((a, b) => b.balance - a.balance);
  return (
    <div data-testid="settlement-results">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('points.settlement.payoutTotal')}
              value={payoutTotal}
              suffix={t('points.settlement.yuan')}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('points.settlement.members')} value={results.members.length} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('points.settlement.rewardedHouseholds')} value={rewarded.length} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">{t('points.settlement.export')}</Typography.Text>
              <Button href={settlementExportUrl(village, period)} data-testid="settlement-export">
                {t('points.settlement.exportXlsx')}
              </Button>
            </Flex>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('points.settlement.payouts')}>
            <Table
              size="small"
              rowKey="accountId"
              dataSource={results.members}
              scroll={{ x: phone ? 420 : undefined }}
              pagination={{ pageSize: 15, hideOnSinglePage: true }}
              columns={[
                { title: t('points.standings.rank'), dataIndex: 'rank', width: 64 },
                {
                  title: t('points.standings.member'),
                  dataIndex: 'name',
                  render: (n: string, r) => (
                    <>
                      {n} <BestTag rank={r.rank} ranks={results.members.map((m) => m.rank)} />
                    </>
                  ),
                },
                { title: t('points.standings.balance'), dataIndex: 'balance', align: 'right', width: 90 },
                { title: t('points.settlement.payout'), dataIndex: 'payout', align: 'right', width: 110 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('points.settlement.tiers')}>
            {[...tiers.entries()].map(([tier, n]) => (
              <div key={tier}>
                {tier}
                {t('common.colon')}
                {t('points.settlement.householdsN', { n })}
              </div>
            ))}
            <Table
              locale={{ emptyText: t('points.settlement.noTiers') }}
              style={{ marginTop: 8 }}
              size="small"
              rowKey="accountId"
              dataSource={rewarded}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('points.standings.household'), dataIndex: 'number', width: 100 },
                { title: t('points.standings.balance'), dataIndex: 'balance', width: 70, align: 'right' },
                {
                  title: t('points.settlement.tier'),
                  render: (_: unknown, h) => (h.tier ? (en ? h.tier.en : h.tier.zh) : '—'),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

export default function SettlementPage() {
  const { t, i18n } = useTranslation();
  const { modal, message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { village } = useVillage();
  const board = useBoard(village);
  const current = board.data?.period.label;
  const [picked, setPicked] = useState<string | null>(null);
  const period = picked ?? current ?? null;
  const [blocked, setBlocked] = useState<Blocked | null>(null);
  const [running, setRunning] = useState(false);
  const done = useQuery({
    queryKey: pk.settlement(village, period ?? ''),
    queryFn: () => getSettlement(village, period!),
    enabled: !!period,
    retry: false,
  });

  if (board.isLoading) return <PageLoading />;
  if (board.error || !current) return <QueryError error={board.error} onRetry={() => board.refetch()} />;
  const years = [0, 1, 2, 3].map((d) => String(Number(current) - d));
  const notSettled = done.error instanceof ApiError && done.error.status === 404;

  const run = () =>
    modal.confirm({
      title: t('points.settlement.confirmTitle', { period: current }),
      content: t('points.settlement.confirmText', { next: Number(current) + 1 }),
      okText: t('points.settlement.run'),
      okButtonProps: { danger: true, 'data-testid': 'settle-ok' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        setRunning(true);
        setBlocked(null);
        try {
          const r = await settle(village, current);
          message.success(t('points.settlement.done', { period: r.period, next: r.nextPeriod }));
          await qc.invalidateQueries({ queryKey: pk.all });
          setPicked(r.period);
        } catch (e) {
          if (e instanceof ApiError && e.code === 'SETTLEMENT_BLOCKED') {
            const d = (e.details ?? {}) as Partial<Blocked>;
            setBlocked({ message: e.text(), entries: d.entries ?? [], objections: d.objections ?? [] });
          } else message.error(errorText(e));
        } finally {
          setRunning(false);
        }
      },
    });

  const byStatus = new Map<string, number>();
  for (const e of blocked?.entries ?? []) byStatus.set(e.status, (byStatus.get(e.status) ?? 0) + 1);

  return (
    <>
      <PageTitle
        title={t('points.settlement.title')}
        sub={t('points.settlement.sub')}
        extra={
          <Select
            value={period}
            onChange={(v) => {
              setPicked(v);
              setBlocked(null);
            }}
            style={{ width: 200 }}
            data-testid="settlement-period"
            options={years.map((y) => ({
              value: y,
              label:
                y === current
                  ? t('points.settlement.currentPeriod', { period: y })
                  : t('points.settlement.periodN', { period: y }),
            }))}
          />
        }
      />
      {blocked && (
        <Alert
          type="error"
          showIcon
          data-testid="settlement-blocked"
          style={{ marginBottom: 16 }}
          title={t('points.settlement.blocked')}
          description={
            <>
              <div>{blocked.message}</div>
              <ul style={{ margin: '8px 0', paddingInlineStart: 20 }}>
                {[...byStatus.entries()].map(([s, n]) => (
                  <li key={s}>
                    {t('points.settlement.blockedEntries', { n, status: t(`points.status.${s as 'proposed'}`) })}
                  </li>
                ))}
                {blocked.objections.length > 0 && (
                  <li>{t('points.settlement.blockedObjections', { n: blocked.objections.length })}</li>
                )}
              </ul>
              <Button size="small" onClick={() => navigate('/console/points/review')}>
                {t('points.settlement.toReview')}
              </Button>
            </>
          }
        />
      )}
      {done.isLoading ? (
        <PageLoading />
      ) : done.data ? (
        <>
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('points.settlement.settledAt', {
              period: done.data.label,
              date: formatDate(done.data.runAt, i18n.language, true),
            })}
          />
          <Results
            results={done.data.results}
            payoutTotal={done.data.payoutTotal}
            village={village}
            period={done.data.label}
          />
        </>
      ) : notSettled ? (
        <Card>
          <Empty
            description={
              period === current ? t('points.settlement.notYet', { period }) : t('points.settlement.none', { period })
            }
          >
            {period === current && (
              <Button type="primary" danger loading={running} onClick={run} data-testid="settle-run">
                {t('points.settlement.run')}
              </Button>
            )}
          </Empty>
          {period === current && (
            <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 8 }}>
              {t('points.settlement.explain')}
            </Typography.Paragraph>
          )}
        </Card>
      ) : (
        <QueryError error={done.error} onRetry={() => done.refetch()} />
      )}
    </>
  );
}
