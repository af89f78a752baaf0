/**
 * The evaluator's desk (积分审核): proposals to approve or reject (with their evidence photos),
 * objections to rule on during publication (appealed ones wait for the chief), and villagers'
 * reports on grid members (substantiated under a deduction rule, or unfounded).
 */
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDate } from '../../../lib/format';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { pk } from '../../../api/keys';
import { approve, getQueue, getReports, getRules, reject, ruleObjection, ruleReport } from '../../../api/points';
import type { QueueEntry, QueueObjection, Report } from '../../../api/types';
import { Evidence } from '../components/Evidence';
import { ObjectionStatusTag, Points, ReportStatusTag } from '../components/PointsTags';
import { bi } from '../text';

function ProposalCard({ village, e, onReject }: { village: string; e: QueueEntry; onReject: (e: QueueEntry) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const ok = useApiMutation(() => approve(village, e.id), {
    success: t('points.review.approved'),
    invalidate: [pk.all],
  });
  const who =
    e.accountKind === 'household'
      ? t('points.review.household', { number: e.householdNumber ?? '' })
      : t('points.review.member', { name: e.memberName ?? '' });
  return (
    <Card size="small" data-testid="proposal" data-entry={e.id}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {who} · {e.ruleCode} {bi(e.ruleName, lang)}
          </Typography.Text>{' '}
          <Points n={e.requested} strong />
          <div data-testid="proposal-reason">
            {t('points.review.reason')}
            {e.reason}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('points.review.proposedBy', { name: e.proposerName ?? '—', date: formatDate(e.createdAt, lang, true) })}
          </Typography.Text>
          <div style={{ marginTop: 8 }}>
            <Evidence village={village} refs={e.evidence} />
          </div>
        </div>
        {e.proposedByMe ? (
          // Nobody decides their own proposal: another reviewer does (the server refuses it too).
          <Tag color="default" data-testid="own-proposal">
            {t('points.review.ownProposal')}
          </Tag>
        ) : (
          <Space>
            <Button type="primary" loading={ok.isPending} onClick={() => ok.mutate()} data-testid="approve">
              {t('points.review.approve')}
            </Button>
            <Button danger onClick={() => onReject(e)} data-testid="reject">
              {t('points.review.reject')}
            </Button>
          </Space>
        )}
      </Flex>
    </Card>
  );
}

function ObjectionCard({ village, o }: { village: string; o: QueueObjection }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [ruling, setRuling] = useState('');
  const rule = useApiMutation(
    (decision: 'uphold' | 'overturn') => ruleObjection(village, o.id, decision, ruling.trim()),
    {
      success: (_r, d) => (d === 'uphold' ? t('points.review.upheld') : t('points.review.overturned')),
      invalidate: [pk.all],
    },
  );
  return (
    <Card size="small" data-testid="objection" data-objection={o.id}>
      <Flex vertical gap={6}>
        <div>
          <ObjectionStatusTag status={o.status} /> <Typography.Text strong>{bi(o.ruleName, lang)}</Typography.Text>{' '}
          <Points n={o.effective} /> · <Typography.Text type="secondary">{bi(o.entryReason, lang)}</Typography.Text>
        </div>
        <div data-testid="objection-reason">
          {t('points.review.objectionReason')}
          {o.reason}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDate(o.createdAt, lang, true)}
        </Typography.Text>
        {o.status === 'appealed' ? (
          <Alert
            type="info"
            showIcon
            title={t('points.review.appealedWait')}
            description={`${t('points.review.firstRuling')}${o.ruling ?? ''} · ${t('points.review.appealReason')}${o.appealReason ?? ''}`}
          />
        ) : (
          <>
            <Input.TextArea
              rows={2}
              value={ruling}
              onChange={(e) => setRuling(e.target.value)}
              placeholder={t('points.review.rulingPlaceholder')}
              data-testid="ruling-text"
              maxLength={500}
            />
            <Space wrap>
              <Button
                type="primary"
                disabled={!ruling.trim()}
                loading={rule.isPending && rule.variables === 'uphold'}
                onClick={() => rule.mutate('uphold')}
                data-testid="uphold"
              >
                {t('points.review.uphold')}
              </Button>
              <Button
                danger
                disabled={!ruling.trim()}
                loading={rule.isPending && rule.variables === 'overturn'}
                onClick={() => rule.mutate('overturn')}
                data-testid="overturn"
              >
                {t('points.review.overturn')}
              </Button>
            </Space>
          </>
        )}
      </Flex>
    </Card>
  );
}

function ReportCard({
  village,
  r,
  deductionRules,
}: {
  village: string;
  r: Report;
  deductionRules: { value: string; label: string }[];
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ substantiated: boolean; ruleCode?: string; ruling: string }>();
  const substantiated = Form.useWatch('substantiated', form);
  const rule = useApiMutation(
    (v: { substantiated: boolean; ruleCode?: string; ruling: string }) =>
      ruleReport(village, r.id, { ...v, ruleCode: v.substantiated ? v.ruleCode : undefined }),
    {
      success: (_r, v) =>
        v.substantiated ? t('points.review.reportSubstantiated') : t('points.review.reportUnfounded'),
      invalidate: [pk.all],
    },
  );
  return (
    <Card size="small" data-testid="report" data-report={r.id}>
      <Flex vertical gap={6}>
        <div>
          <ReportStatusTag status={r.status} />{' '}
          <Typography.Text strong>{t('points.review.reportOn', { name: r.subjectName })}</Typography.Text>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDate(r.createdAt, i18n.language, true)}
          </Typography.Text>
        </div>
        <div data-testid="report-description">{r.description}</div>
        <Evidence village={village} refs={r.evidence} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ substantiated: true, ruleCode: deductionRules[0]?.value }}
          onFinish={(v) => rule.mutate(v)}
          style={{ marginTop: 8 }}
        >
          <Form.Item name="substantiated" style={{ marginBottom: 8 }}>
            <Radio.Group
              options={[
                { value: true, label: t('points.review.substantiated') },
                { value: false, label: t('points.review.unfounded') },
              ]}
              data-testid="report-decision"
            />
          </Form.Item>
          {substantiated !== false && (
            <Form.Item
              name="ruleCode"
              label={t('points.review.deductionRule')}
              rules={[{ required: true, message: t('auth.required') }]}
              style={{ marginBottom: 8 }}
            >
              <Select options={deductionRules} data-testid="report-rule" style={{ maxWidth: 420 }} />
            </Form.Item>
          )}
          <Form.Item
            name="ruling"
            label={t('points.review.ruling')}
            rules={[{ required: true, whitespace: true, message: t('auth.required') }]}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea rows={2} maxLength={500} data-testid="report-ruling" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={rule.isPending} data-testid="report-submit">
            {t('points.review.submitRuling')}
          </Button>
        </Form>
      </Flex>
    </Card>
  );
}

export default function ReviewPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { village } = useVillage();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'proposals';
  const queue = useQuery({ queryKey: pk.queue(village), queryFn: () => getQueue(village) });
  const reports = useQuery({ queryKey: pk.reports(village), queryFn: () => getReports(village) });
  const rules = useQuery({ queryKey: pk.rules(village), queryFn: () => getRules(village) });
  const [rejecting, setRejecting] = useState<QueueEntry | null>(null);
  const [reason, setReason] = useState('');
  const rej = useApiMutation((v: { id: string; reason: string }) => reject(village, v.id, v.reason), {
    success: t('points.review.rejected'),
    invalidate: [pk.all],
    onSuccess: () => {
      setRejecting(null);
      setReason('');
    },
  });

  if (queue.isLoading) return <PageLoading />;
  if (queue.error || !queue.data) return <QueryError error={queue.error} onRetry={() => queue.refetch()} />;
  const { entries, objections } = queue.data;
  const open = (reports.data ?? []).filter((r) => r.status === 'open');
  const closed = (reports.data ?? []).filter((r) => r.status !== 'open');
  const deductionRules = (rules.data ?? [])
    .filter((r) => r.active && r.accountKind === 'member' && (r.entryKind === 'deduction' || r.entryKind === 'redline'))
    .map((r) => ({
      value: r.code,
      label: `${r.code} ${bi(r.name, lang)} ${r.entryKind === 'redline' ? t('points.kind.redline') : `−${r.points}`}`,
    }));
  const label = (text: string, n: number) => (
    <span>
      {text} <Badge count={n} showZero={false} color="#b7312c" />
    </span>
  );

  return (
    <>
      <PageTitle title={t('points.review.title')} sub={t('points.review.sub')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          {
            key: 'proposals',
            label: <span data-testid="tab-proposals">{label(t('points.review.proposals'), entries.length)}</span>,
            children:
              entries.length === 0 ? (
                <Empty description={t('points.review.noProposals')} />
              ) : (
                <Flex vertical gap={12} data-testid="proposals">
                  {entries.map((e) => (
                    <ProposalCard key={e.id} village={village} e={e} onReject={setRejecting} />
                  ))}
                </Flex>
              ),
          },
          {
            key: 'objections',
            label: (
              <span data-testid="tab-objections">
                {label(t('points.review.objections'), objections.filter((o) => o.status === 'open').length)}
              </span>
            ),
            children:
              objections.length === 0 ? (
                <Empty description={t('points.review.noObjections')} />
              ) : (
                <Flex vertical gap={12} data-testid="objections">
                  {objections.map((o) => (
                    <ObjectionCard key={o.id} village={village} o={o} />
                  ))}
                </Flex>
              ),
          },
          {
            key: 'reports',
            label: <span data-testid="tab-reports">{label(t('points.review.reports'), open.length)}</span>,
            children: reports.isLoading ? (
              <PageLoading />
            ) : reports.error ? (
              <QueryError error={reports.error} onRetry={() => reports.refetch()} />
            ) : (
              <Flex vertical gap={12}>
                {open.length === 0 ? (
                  <Empty description={t('points.review.noReports')} />
                ) : (
                  open.map((r) => <ReportCard key={r.id} village={village} r={r} deductionRules={deductionRules} />)
                )}
                {closed.length > 0 && (
                  <Card size="small" title={t('points.review.closedReports')}>
                    <Table
                      size="small"
                      rowKey="id"
                      dataSource={closed}
                      scroll={{ x: phone ? 560 : undefined }}
                      pagination={{ pageSize: 10, hideOnSinglePage: true }}
                      columns={[
                        { title: t('points.review.subject'), dataIndex: 'subjectName', width: 100 },
                        { title: t('points.review.description'), dataIndex: 'description' },
                        {
                          title: t('points.review.outcome'),
                          dataIndex: 'status',
                          width: 100,
                          render: (s: Report['status']) => <ReportStatusTag status={s} />,
                        },
                        { title: t('points.review.ruling'), dataIndex: 'ruling' },
                        {
                          title: t('points.review.ruledAt'),
                          dataIndex: 'ruledAt',
                          width: 110,
                          render: (d: number | null) => formatDate(d, lang),
                        },
                      ]}
                    />
                  </Card>
                )}
              </Flex>
            ),
          },
        ]}
      />
      <Modal
        open={!!rejecting}
        title={t('points.review.rejectTitle')}
        okText={t('points.review.reject')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), loading: rej.isPending, 'data-testid': 'reject-ok' }}
        onOk={() => rejecting && rej.mutate({ id: rejecting.id, reason: reason.trim() })}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        {rejecting && (
          <Typography.Paragraph type="secondary">
            {rejecting.householdNumber ?? rejecting.memberName} · {bi(rejecting.ruleName, lang)} · {rejecting.reason}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('points.review.rejectPlaceholder')}
          data-testid="reject-reason"
          maxLength={500}
        />
      </Modal>
    </>
  );
}
