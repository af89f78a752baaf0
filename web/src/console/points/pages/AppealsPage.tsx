/**
 * Appeals to the chief (申诉裁定): after the evaluator ruled on an objection, the objector or the
 * person concerned may appeal once; the chief decides whether the entry stands. The list is the
 * village's objections (GET …/points/objections): those appealed wait here, oldest appeal first;
 * those the chief decided are listed below.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { type ObjectionFilter, pk } from '../../../api/keys';
import { getObjections, ruleAppeal } from '../../../api/points';
import type { ObjectionItem } from '../../../api/types';
import { EntryStatusTag, Points } from '../components/PointsTags';
import { bi } from '../text';

const pendingFilter: ObjectionFilter = { status: ['appealed'] };
const decidedFilter: ObjectionFilter = { status: ['appeal_upheld', 'appeal_overturned'] };

/** While appealed, the entry still shows the evaluator's ruling: overturned, or kept (final). */
const evaluatorDecision = (o: ObjectionItem) => (o.entry.status === 'overturned' ? 'overturned' : 'upheld');

function AppealCard({ village, a }: { village: string; a: ObjectionItem }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [ruling, setRuling] = useState('');
  const decide = useApiMutation((stands: boolean) => ruleAppeal(village, a.id, stands, ruling.trim()), {
    success: (_r, stands) => (stands ? t('points.appeals.stands') : t('points.appeals.reversed')),
    invalidate: [pk.all],
  });
  const e = a.entry;
  return (
    <Card size="small" data-testid="appeal" data-objection={a.id}>
      <Flex vertical gap={6}>
        <div>
          <Typography.Text strong>
            {e.owner.name} · {bi(e.ruleName, lang)}
          </Typography.Text>{' '}
          <Points n={e.effective} /> <EntryStatusTag status={e.status} />{' '}
          {bi(e.reason, lang) !== bi(e.ruleName, lang) && (
            <Typography.Text type="secondary">{bi(e.reason, lang)}</Typography.Text>
          )}
        </div>
        <div>
          {t('points.appeals.objection', { by: a.names?.objector ?? '—', date: formatDate(a.createdAt, lang) })}
          {a.reason}
        </div>
        <div>
          {t('points.appeals.evaluatorRuling', {
            by: a.names?.ruledBy ?? '—',
            decision: t(`points.objection.${evaluatorDecision(a)}`),
          })}
          {a.ruling}
        </div>
        <div data-testid="appeal-reason">
          <Typography.Text strong>
            {t('points.appeals.appeal', { by: a.names?.appealBy ?? '—', date: formatDate(a.appealedAt, lang) })}
          </Typography.Text>
          {a.appealReason}
        </div>
        <Input.TextArea
          rows={2}
          value={ruling}
          onChange={(ev) => setRuling(ev.target.value)}
          placeholder={t('points.appeals.rulingPlaceholder')}
          data-testid="appeal-ruling"
          maxLength={500}
        />
        <Space wrap>
          <Button
            type="primary"
            disabled={!ruling.trim()}
            loading={decide.isPending && decide.variables === true}
            onClick={() => decide.mutate(true)}
            data-testid="appeal-stands"
          >
            {t('points.appeals.entryStands')}
          </Button>
          <Button
            danger
            disabled={!ruling.trim()}
            loading={decide.isPending && decide.variables === false}
            onClick={() => decide.mutate(false)}
            data-testid="appeal-reverse"
          >
            {t('points.appeals.entryFalls')}
          </Button>
        </Space>
      </Flex>
    </Card>
  );
}

export default function AppealsPage() {
  const { t, i18n } = useTranslation();
  const { village } = useVillage();
  const phone = useIsPhone();
  const pending = useQuery({
    queryKey: pk.objections(village, pendingFilter),
    queryFn: () => getObjections(village, pendingFilter),
  });
  const decided = useQuery({
    queryKey: pk.objections(village, decidedFilter),
    queryFn: () => getObjections(village, decidedFilter),
  });
  if (pending.isLoading) return <PageLoading />;
  if (pending.error || !pending.data) return <QueryError error={pending.error} onRetry={() => pending.refetch()} />;
  const waiting = [...pending.data].sort((a, b) => (a.appealedAt ?? a.createdAt) - (b.appealedAt ?? b.createdAt));
  const done = decided.data ?? [];
  return (
    <>
      <PageTitle title={t('points.appeals.title')} sub={t('points.appeals.sub')} />
      {waiting.length === 0 ? (
        <Empty description={t('points.appeals.none')} />
      ) : (
        <Flex vertical gap={12} data-testid="appeals">
          {waiting.map((a) => (
            <AppealCard key={a.id} village={village} a={a} />
          ))}
        </Flex>
      )}
      {decided.error && <QueryError error={decided.error} onRetry={() => decided.refetch()} />}
      {done.length > 0 && (
        <Card size="small" title={t('points.appeals.decided')} style={{ marginTop: 16 }} data-testid="appeals-decided">
          <Table
            size="small"
            rowKey="id"
            dataSource={done}
            scroll={{ x: phone ? 560 : undefined }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              {
                title: t('points.appeals.entry'),
                render: (_: unknown, a: ObjectionItem) =>
                  `${a.entry.owner.name ?? ''} · ${bi(a.entry.ruleName, i18n.language)}`,
              },
              { title: t('points.appeals.appealReason'), dataIndex: 'appealReason' },
              {
                title: t('points.appeals.outcome'),
                render: (_: unknown, a: ObjectionItem) =>
                  a.status === 'appeal_upheld' ? t('points.appeals.entryStands') : t('points.appeals.entryFalls'),
              },
              { title: t('points.appeals.chiefRuling'), dataIndex: 'appealRuling' },
              {
                title: t('points.appeals.at'),
                width: 110,
                render: (_: unknown, a: ObjectionItem) => formatDate(a.appealRuledAt, i18n.language),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}
