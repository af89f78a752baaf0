/**
 * The printable village board (积分公示栏) for the notice board: entries in publication (with the
 * last day to object), the standings, and the check of the board's hash chain. A print stylesheet
 * drops the console's frame.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Col, Empty, Row, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { pk } from '../../../api/keys';
import { verifyBoard } from '../../../api/points';
import type { BoardEntry } from '../../../api/types';
import { isEnglish } from '../../../lib/lang';
import { formatDate } from '../../../lib/format';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { QueryError } from '../../components/QueryError';
import { useBoard } from '../components/useBoard';
import { BestTag, EntryStatusTag, Points } from '../components/PointsTags';
import { bi, objectable } from '../text';

const printCss = `
@media print {
  @page { size: A4; margin: 12mm; }
  .ant-layout-sider, .ant-layout-header, .wg-no-print, .ant-drawer { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; background: #fff !important; }
  .wg-board { font-size: 12pt; }
  .wg-board .ant-table { font-size: 11pt; }
  .wg-board .ant-table-pagination { display: none !important; }
  .wg-board-section { break-inside: avoid; }
}
.wg-board h1 { text-align: center; color: #b7312c; margin: 0 0 4px; font-size: 26px; }
.wg-board .wg-board-sub { text-align: center; margin-bottom: 16px; }
`;

export default function BoardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { village } = useVillage();
  const me = useMe();
  const board = useBoard(village);
  const verify = useQuery({ queryKey: pk.verify(village), queryFn: () => verifyBoard(village) });
  const [which, setWhich] = useState<'open' | 'all'>('open');
  if (board.isLoading) return <PageLoading />;
  if (board.error || !board.data) return <QueryError error={board.error} onRetry={() => board.refetch()} />;
  const { entries, standings, period } = board.data;
  const shown = which === 'open' ? entries.filter((e) => objectable(e)) : entries;
  const v = me.data?.village;
  const villageName = v ? (isEnglish(lang) && v.nameEn ? v.nameEn : v.name) : '';
  return (
    <div className="wg-board" data-testid="points-board">
      <style>{printCss}</style>
      <Row justify="space-between" className="wg-no-print" style={{ marginBottom: 12 }} gutter={[8, 8]}>
        <Col>
          <Segmented
            value={which}
            onChange={(x) => setWhich(x as 'open' | 'all')}
            options={[
              { value: 'open', label: t('points.board.open') },
              { value: 'all', label: t('points.board.all') },
            ]}
          />
        </Col>
        <Col>
          <Button type="primary" onClick={() => window.print()} data-testid="board-print">
            {t('points.board.print')}
          </Button>
        </Col>
      </Row>
      <h1 data-testid="page-title">{t('points.board.heading', { village: villageName, period: period.label })}</h1>
      <div className="wg-board-sub">
        <Typography.Text type="secondary">
          {t('points.board.printedAt', { date: formatDate(Date.now(), lang, true) })}
          {verify.data && (
            <>
              {' · '}
              {verify.data.ok ? t('points.board.chainOk', { n: verify.data.checked }) : t('points.board.chainBroken')}
            </>
          )}
        </Typography.Text>
      </div>
      <div className="wg-board-section">
        <Typography.Title level={5}>
          {which === 'open' ? t('points.board.openTitle') : t('points.board.allTitle')}
        </Typography.Title>
        {shown.length === 0 ? (
          <Empty description={t('points.board.noneOpen')} />
        ) : (
          <Table<BoardEntry>
            data-testid="board-table"
            size="small"
            rowKey="id"
            dataSource={shown}
            pagination={false}
            scroll={{ x: 720 }}
            columns={[
              {
                title: t('points.board.who'),
                width: 110,
                render: (_: unknown, e) => (
                  <>
                    {e.account.name}
                    {e.account.kind === 'member' && <Tag style={{ marginLeft: 4 }}>{t('points.account.member')}</Tag>}
                  </>
                ),
              },
              {
                title: t('points.board.rule'),
                render: (_: unknown, e) =>
                  e.ruleName ? `${e.ruleCode ?? ''} ${bi(e.ruleName, lang)}` : t(`points.kind.${e.kind}`),
              },
              { title: t('points.board.reason'), dataIndex: 'reason', render: (r: string) => bi(r, lang) },
              {
                title: t('points.board.points'),
                dataIndex: 'effective',
                width: 70,
                align: 'right',
                render: (n: number) => <Points n={n} />,
              },
              {
                title: t('points.board.status'),
                dataIndex: 'status',
                width: 96,
                render: (s: BoardEntry['status']) => <EntryStatusTag status={s} />,
              },
              {
                title: t('points.board.date'),
                dataIndex: 'decidedAt',
                width: 100,
                render: (d: number | null) => formatDate(d, lang),
              },
              {
                title: t('points.board.until'),
                dataIndex: 'publishedUntil',
                width: 100,
                render: (d: number | null, e) => (objectable(e) ? formatDate(d, lang) : '—'),
              },
            ]}
          />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('points.board.objectHow')}
        </Typography.Paragraph>
      </div>
      <Row gutter={[24, 16]} className="wg-board-section">
        <Col xs={24} md={12}>
          <Typography.Title level={5}>{t('points.standings.members')}</Typography.Title>
          <Table
            size="small"
            rowKey="accountId"
            dataSource={standings.members.slice(0, 20)}
            pagination={false}
            columns={[
              { title: t('points.standings.rank'), dataIndex: 'rank', width: 56 },
              {
                title: t('points.standings.member'),
                dataIndex: 'name',
                render: (n: string, r) => (
                  <>
                    {n} <BestTag rank={r.rank} ranks={standings.members.map((m) => m.rank)} />
                  </>
                ),
              },
              { title: t('points.standings.balance'), dataIndex: 'balance', width: 80, align: 'right' },
            ]}
          />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>{t('points.standings.households')}</Typography.Title>
          <Table
            size="small"
            rowKey="accountId"
            dataSource={standings.households.slice(0, 20)}
            pagination={false}
            columns={[
              { title: t('points.standings.rank'), dataIndex: 'rank', width: 56 },
              { title: t('points.standings.household'), dataIndex: 'number' },
              { title: t('points.standings.balance'), dataIndex: 'balance', width: 80, align: 'right' },
            ]}
          />
        </Col>
      </Row>
    </div>
  );
}
