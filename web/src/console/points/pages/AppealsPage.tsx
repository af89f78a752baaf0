/**
 * Appeals to the chief (申诉裁定): after the evaluator ruled on an objection, the objector or the
 * person concerned may appeal once; the chief decides whether the entry stands.
 *
 * API gap: the only list of objections (GET …/points/queue) needs points.review, which the chief
 * does not hold. Until the server lists appealed objections to points.appeal, the chief's list is
 * rebuilt from the audit log (points.object → objection and entry, points.objection.rule → the
 * evaluator's ruling, points.appeal → the appeal, points.appeal.rule → decided), which the chief
 * may read; entry details come from the board.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../lib/auth';
import { formatDate } from '../../../lib/format';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { getAudit, getBoard, pk, ruleAppeal, type AuditRow, type BoardEntry } from '../api';
import { EntryStatusTag, Points } from '../components/PointsTags';
import { bi } from '../text';

interface Appeal {
  objectionId: string;
  entryId: string | null;
  entry: BoardEntry | null;
  objection: { reason: string; by: string | null; at: number } | null;
  ruling: { status: string; ruling: string; by: string | null } | null;
  appeal: { reason: string; by: string | null; at: number };
  decided: { status: string; ruling: string; by: string | null; at: number } | null;
}

const parse = (s: string | null): Record<string, string> => {
  try {
    return s ? (JSON.parse(s) as Record<string, string>) : {};
  } catch {
    return {};
  }
};

async function loadAppeals(village: string): Promise<Appeal[]> {
  const ok = (r: AuditRow) => r.status < 300;
  const [appealRows, objectRows, board] = await Promise.all([getAudit(village, 'points.appeal'), getAudit(village, 'points.object'), getBoard(village)]);
  const entries = new Map(board.entries.map((e) => [e.id, e]));
  const objections = new Map<string, { entryId: string; reason: string; by: string | null; at: number }>();
  const rulings = new Map<string, { status: string; ruling: string; by: string | null }>();
  for (const r of objectRows.filter(ok)) {
    const after = parse(r.after);
    if (r.action === 'points.object' && after.objectionId) objections.set(after.objectionId, { entryId: r.targetId ?? '', reason: after.reason ?? '', by: r.actorName, at: r.at });
    if (r.action === 'points.objection.rule' && r.targetId) rulings.set(r.targetId, { status: after.status ?? '', ruling: after.ruling ?? '', by: r.actorName });
  }
  const decided = new Map<string, { status: string; ruling: string; by: string | null; at: number }>();
  for (const r of appealRows.filter(ok)) {
    if (r.action === 'points.appeal.rule' && r.targetId) {
      const after = parse(r.after);
      decided.set(r.targetId, { status: after.status ?? '', ruling: after.ruling ?? '', by: r.actorName, at: r.at });
    }
  }
  return appealRows
    .filter((r) => ok(r) && r.action === 'points.appeal' && r.targetId)
    .map((r) => {
      const o = objections.get(r.targetId!);
      return {
        objectionId: r.targetId!,
        entryId: o?.entryId ?? null,
        entry: o ? (entries.get(o.entryId) ?? null) : null,
        objection: o ? { reason: o.reason, by: o.by, at: o.at } : null,
        ruling: rulings.get(r.targetId!) ?? null,
        appeal: { reason: parse(r.after).reason ?? '', by: r.actorName, at: r.at },
        decided: decided.get(r.targetId!) ?? null,
      };
    });
}

function AppealCard({ village, a }: { village: string; a: Appeal }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [ruling, setRuling] = useState('');
  const decide = useApiMutation((stands: boolean) => ruleAppeal(village, a.objectionId, stands, ruling.trim()), {
    success: (_r, stands) => (stands ? t('points.appeals.stands') : t('points.appeals.reversed')),
    invalidate: [pk.all],
  });
  const e = a.entry;
  return (
    <Card size="small" data-testid="appeal" data-objection={a.objectionId}>
      <Flex vertical gap={6}>
        {e ? (
          <div>
            <Typography.Text strong>
              {e.account.name} · {bi(e.ruleName, lang)}
            </Typography.Text>{' '}
            <Points n={e.effective} /> <EntryStatusTag status={e.status} /> <Typography.Text type="secondary">{bi(e.reason, lang)}</Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('points.appeals.entryUnknown')}</Typography.Text>
        )}
        {a.objection && (
          <div>
            {t('points.appeals.objection', { by: a.objection.by ?? '—', date: formatDate(a.objection.at, lang) })}
            {a.objection.reason}
          </div>
        )}
        {a.ruling && (
          <div>
            {t('points.appeals.evaluatorRuling', { by: a.ruling.by ?? '—', decision: t(`points.objection.${a.ruling.status as 'upheld'}`) })}
            {a.ruling.ruling}
          </div>
        )}
        <div data-testid="appeal-reason">
          <Typography.Text strong>{t('points.appeals.appeal', { by: a.appeal.by ?? '—', date: formatDate(a.appeal.at, lang) })}</Typography.Text>
          {a.appeal.reason}
        </div>
        <Input.TextArea rows={2} value={ruling} onChange={(ev) => setRuling(ev.target.value)} placeholder={t('points.appeals.rulingPlaceholder')} data-testid="appeal-ruling" maxLength={500} />
        <Space wrap>
          <Button type="primary" disabled={!ruling.trim()} loading={decide.isPending && decide.variables === true} onClick={() => decide.mutate(true)} data-testid="appeal-stands">
            {t('points.appeals.entryStands')}
          </Button>
          <Button danger disabled={!ruling.trim()} loading={decide.isPending && decide.variables === false} onClick={() => decide.mutate(false)} data-testid="appeal-reverse">
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
  const me = useMe();
  const auditable = can(me.data, 'audit.read');
  const appeals = useQuery({ queryKey: pk.appeals(village), queryFn: () => loadAppeals(village), enabled: auditable });
  if (!auditable) return <Alert type="warning" showIcon title={t('points.appeals.noList')} />;
  if (appeals.isLoading) return <PageLoading />;
  if (appeals.error || !appeals.data) return <QueryError error={appeals.error} onRetry={() => appeals.refetch()} />;
  const pending = appeals.data.filter((a) => !a.decided);
  const done = appeals.data.filter((a) => a.decided);
  return (
    <>
      <PageTitle title={t('points.appeals.title')} sub={t('points.appeals.sub')} />
      {pending.length === 0 ? (
        <Empty description={t('points.appeals.none')} />
      ) : (
        <Flex vertical gap={12} data-testid="appeals">
          {pending.map((a) => (
            <AppealCard key={a.objectionId} village={village} a={a} />
          ))}
        </Flex>
      )}
      {done.length > 0 && (
        <Card size="small" title={t('points.appeals.decided')} style={{ marginTop: 16 }}>
          <Table
            size="small"
            rowKey="objectionId"
            dataSource={done}
            scroll={{ x: phone ? 560 : undefined }}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('points.appeals.entry'), render: (_: unknown, a: Appeal) => (a.entry ? `${a.entry.account.name ?? ''} · ${bi(a.entry.ruleName, i18n.language)}` : '—') },
              { title: t('points.appeals.appealReason'), render: (_: unknown, a: Appeal) => a.appeal.reason },
              { title: t('points.appeals.outcome'), render: (_: unknown, a: Appeal) => (a.decided!.status === 'appeal_upheld' ? t('points.appeals.entryStands') : t('points.appeals.entryFalls')) },
              { title: t('points.appeals.chiefRuling'), render: (_: unknown, a: Appeal) => a.decided!.ruling },
              { title: t('points.appeals.at'), width: 110, render: (_: unknown, a: Appeal) => formatDate(a.decided!.at, i18n.language) },
            ]}
          />
        </Card>
      )}
    </>
  );
}
