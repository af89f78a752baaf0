/**
 * The chief's audit log: filter by action prefix, actor and dates (and a target, from a row);
 * a paged table, each row expanding to its request and before/after JSON; export to xlsx with
 * the same filters.
 */
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Input,
  Row,
  Select,
  Table,
  Tag,
  Typography,
  type GetProps,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { auditExportUrl, browseAudit, listAccounts } from '../../../api/access';
import { can, useMe } from '../../../api/auth';
import { accessKeys, type AuditFilter } from '../../../api/keys';
import type { AuditEntry } from '../../../api/types';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { isDenial } from '../components/AccessDenied';
import { formatDateTime } from '../format';

type Range = GetProps<typeof DatePicker.RangePicker>['value'];

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12 };

function pretty(json: string | null): string | null {
  if (json === null) return null;
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

function StatusTag({ status }: { status: number | null }) {
  if (status === null) return <Tag>—</Tag>;
  const color = status < 300 ? 'success' : status < 400 ? 'processing' : status < 500 ? 'warning' : 'error';
  return <Tag color={color}>{status}</Tag>;
}

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { village } = useVillage();
  const phone = useIsPhone();
  const me = useMe().data;
  const [filter, setFilter] = useState<AuditFilter>({});
  const [actionText, setActionText] = useState('');
  const [range, setRange] = useState<Range>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const q = useQuery({
    queryKey: accessKeys.audit(village, filter, page, pageSize),
    queryFn: () => browseAudit(village, filter, page, pageSize),
    placeholderData: keepPreviousData,
  });
  // The actor filter lists the village's accounts (when the viewer may list them).
  const accounts = useQuery({
    queryKey: accessKeys.accounts(village),
    queryFn: () => listAccounts(village),
    enabled: can(me, 'accounts.manage'),
  });
  const lang = i18n.language;
  const actionLabels = t('access.audit.actions', { returnObjects: true }) as unknown as Record<string, string>;
  const prefixLabels = t('access.audit.prefixes', { returnObjects: true }) as unknown as Record<string, string>;
  const actionLabel = (a: string) => actionLabels[a.replace(/\./g, '_')];

  const apply = (f: Partial<AuditFilter>) => {
    setFilter((old) => {
      const next = { ...old, ...f };
      for (const k of Object.keys(next) as (keyof AuditFilter)[])
        if (next[k] === undefined || next[k] === '') delete next[k];
      return next;
    });
    setPage(1);
  };
  const applyAction = (text: string) => apply({ action: text.trim() || undefined });
  const applyRange = (r: Range) => {
    setRange(r);
    const [a, b] = r ?? [];
    apply({
      from: a ? a.startOf('day').valueOf() : undefined,
      to: b ? b.add(1, 'day').startOf('day').valueOf() : undefined,
    });
  };
  const clear = () => {
    setFilter({});
    setActionText('');
    setRange(null);
    setPage(1);
  };

  const action = (e: AuditEntry) => (
    <Flex vertical gap={0}>
      {actionLabel(e.action) && <Typography.Text>{actionLabel(e.action)}</Typography.Text>}
      <Typography.Text type={actionLabel(e.action) ? 'secondary' : undefined} style={mono}>
        {e.action}
      </Typography.Text>
    </Flex>
  );
  const actor = (e: AuditEntry) =>
    e.actorName ?? <Typography.Text type="secondary">{t('access.audit.system')}</Typography.Text>;
  const target = (e: AuditEntry) =>
    e.targetId ? (
      <Typography.Text style={mono} title={e.targetId}>
        {e.targetType ? `${e.targetType} ` : ''}
        {e.targetId.slice(0, 8)}…
      </Typography.Text>
    ) : (
      '—'
    );

  const expanded = (e: AuditEntry) => {
    const before = pretty(e.before);
    const after = pretty(e.after);
    const block = (title: string, text: string | null, testId: string) => (
      <Col xs={24} md={12}>
        <Typography.Text strong>{title}</Typography.Text>
        <pre
          data-testid={testId}
          style={{
            ...mono,
            background: '#fafafa',
            border: '1px solid #f0f0f0',
            borderRadius: 6,
            padding: 8,
            margin: '4px 0 0',
            maxHeight: 320,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-all',
          }}
        >
          {text ?? t('access.audit.empty')}
        </pre>
      </Col>
    );
    return (
      <div data-testid="audit-details">
        <Descriptions column={phone ? 1 : 2} size="small" style={{ marginBottom: 8 }}>
          {phone && <Descriptions.Item label={t('access.audit.ip')}>{e.ip ?? '—'}</Descriptions.Item>}
          <Descriptions.Item label={t('access.audit.request')}>
            <Typography.Text style={mono}>
              {e.method} {e.path}
            </Typography.Text>
          </Descriptions.Item>
          {e.targetId && (
            <Descriptions.Item label={t('access.audit.target')}>
              <Flex gap={8} wrap align="center">
                <Typography.Text style={mono} copyable>
                  {e.targetId}
                </Typography.Text>
                {filter.target !== e.targetId && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => apply({ target: e.targetId! })}
                    data-testid="only-target"
                  >
                    {t('access.audit.onlyTarget')}
                  </Button>
                )}
              </Flex>
            </Descriptions.Item>
          )}
        </Descriptions>
        <Row gutter={[12, 12]}>
          {block(t('access.audit.before'), before, 'audit-before')}
          {block(t('access.audit.after'), after, 'audit-after')}
        </Row>
      </div>
    );
  };

  const columns = phone
    ? [
        {
          title: t('access.audit.time'),
          key: 'when',
          width: 110,
          render: (_: unknown, e: AuditEntry) => {
            const [date, time] = formatDateTime(e.at, lang).split(/,?\s+/);
            return (
              <Flex vertical>
                <span style={{ whiteSpace: 'nowrap' }}>{date}</span>
                <span style={{ whiteSpace: 'nowrap' }}>{time}</span>
                <span>{actor(e)}</span>
              </Flex>
            );
          },
        },
        {
          title: t('access.audit.action'),
          key: 'what',
          render: (_: unknown, e: AuditEntry) => (
            <Flex vertical align="flex-start" gap={2}>
              {action(e)}
              <StatusTag status={e.status} />
            </Flex>
          ),
        },
      ]
    : [
        {
          title: t('access.audit.time'),
          dataIndex: 'at',
          width: 170,
          render: (v: number) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang)}</span>,
        },
        { title: t('access.audit.actor'), key: 'actor', width: 110, render: (_: unknown, e: AuditEntry) => actor(e) },
        { title: t('access.audit.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
        { title: t('access.audit.action'), key: 'action', render: (_: unknown, e: AuditEntry) => action(e) },
        {
          title: t('access.audit.status'),
          dataIndex: 'status',
          width: 80,
          render: (v: number | null) => <StatusTag status={v} />,
        },
        {
          title: t('access.audit.target'),
          key: 'target',
          width: 170,
          render: (_: unknown, e: AuditEntry) => target(e),
        },
      ];

  const prefixOptions = Object.entries(prefixLabels).map(([p, label]) => {
    const value = /^[A-Z]+$/.test(p) ? p : `${p}.`;
    return { value, label: `${value} · ${label}` };
  });
  const width = (w: number) => ({ width: phone ? '100%' : w });

  // Refused outright (not the chief): only the denial, no filters.
  if (isDenial(q.error)) return <QueryError error={q.error} />;

  return (
    <>
      <PageTitle
        title={t('access.audit.title')}
        sub={t('access.audit.hint')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href={auditExportUrl(village, filter)}
            download
            data-testid="audit-export"
          >
            {t('access.audit.export')}
          </Button>
        }
      />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }} data-testid="audit-filters">
          <AutoComplete
            value={actionText}
            options={prefixOptions}
            onChange={setActionText}
            onSelect={(v: string) => applyAction(v)}
            style={width(240)}
          >
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('access.audit.actionPlaceholder')}
              onPressEnter={() => applyAction(actionText)}
              onBlur={() => applyAction(actionText)}
              onClear={() => applyAction('')}
              data-testid="audit-action"
            />
          </AutoComplete>
          {can(me, 'accounts.manage') && (
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('access.audit.accountPlaceholder')}
              value={filter.account}
              onChange={(v) => apply({ account: v })}
              loading={accounts.isLoading}
              options={(accounts.data ?? []).map((a) => ({ value: a.id, label: `${a.displayName} · ${a.login}` }))}
              style={width(220)}
              data-testid="audit-account"
            />
          )}
          <DatePicker.RangePicker value={range} onChange={applyRange} style={width(260)} data-testid="audit-range" />
          {filter.target && (
            <Tag
              closable
              onClose={() => apply({ target: undefined })}
              style={{ alignSelf: 'center', ...mono }}
              data-testid="audit-target"
            >
              {t('access.audit.target')}: {filter.target.slice(0, 8)}…
            </Tag>
          )}
          <Button onClick={clear}>{t('access.audit.reset')}</Button>
        </Flex>
        {q.error ? (
          <QueryError error={q.error} onRetry={() => q.refetch()} />
        ) : (
          <Table<AuditEntry>
            rowKey="id"
            size="small"
            loading={q.isFetching}
            dataSource={q.data?.items ?? []}
            columns={columns}
            data-testid="audit-table"
            onRow={() => ({ 'data-testid': 'audit-row' }) as HTMLAttributes<HTMLElement>}
            expandable={{ expandedRowRender: expanded, expandRowByClick: true }}
            pagination={{
              current: page,
              pageSize,
              total: q.data?.total ?? 0,
              showSizeChanger: !phone,
              simple: phone,
              pageSizeOptions: [20, 50, 100],
              showTotal: (n) => t('access.audit.total', { n }),
              onChange: (p, s) => {
                setPage(s !== pageSize ? 1 : p);
                setPageSize(s);
              },
            }}
          />
        )}
      </Card>
    </>
  );
}
