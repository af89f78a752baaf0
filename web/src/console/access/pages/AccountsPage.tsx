/**
 * The chief's account management: every account of the village (staff, villagers), create one for
 * a staff member, reset a password (issued once, printable), disable or enable (not oneself).
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Input, Pagination, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { listAccounts, resetPassword, setAccountStatus } from '../../../api/access';
import { useMe } from '../../../api/auth';
import { accessKeys } from '../../../api/keys';
import type { AccountKind, AccountRow, AccountStatus } from '../../../api/types';
import { formatDate } from '../../../lib/format';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { CreateAccountModal } from '../components/CreateAccountModal';
import { IssuedPasswordModal, type Issued } from '../components/IssuedPasswordModal';

const kindColor: Record<AccountKind, string> = { staff: 'blue', villager: 'green', official: 'purple' };

export default function AccountsPage() {
  const { t, i18n } = useTranslation();
  const { village } = useVillage();
  const phone = useIsPhone();
  const meId = useMe().data?.account.id;
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<AccountKind | ''>('');
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const accounts = useQuery({ queryKey: accessKeys.accounts(village), queryFn: () => listAccounts(village) });

  const reset = useApiMutation((a: AccountRow) => resetPassword(village, a.id), {
    invalidate: [accessKeys.accounts(village)],
    onSuccess: (r, a) => setIssued({ name: a.displayName, login: a.login ?? '', password: r.issuedPassword }),
  });
  const status = useApiMutation(
    (v: { a: AccountRow; status: AccountStatus }) => setAccountStatus(village, v.a.id, v.status),
    {
      invalidate: [accessKeys.accounts(village)],
      success: (_r, v) => (v.status === 'disabled' ? t('access.accounts.disabledOk') : t('access.accounts.enabledOk')),
    },
  );

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (accounts.data ?? []).filter(
      (a) =>
        (!kind || a.kind === kind) &&
        (!needle ||
          a.displayName.toLowerCase().includes(needle) ||
          (a.householdNumber ?? '').toLowerCase().includes(needle) ||
          (a.login ?? '').includes(needle)),
    );
  }, [accounts.data, q, kind]);
  const taken = useMemo(
    () => new Set((accounts.data ?? []).flatMap((a) => (a.personId ? [a.personId] : []))),
    [accounts.data],
  );

  if (accounts.isLoading) return <PageLoading />;
  if (accounts.error || !accounts.data) return <QueryError error={accounts.error} onRetry={() => accounts.refetch()} />;
  const lang = i18n.language;

  const statusTags = (a: AccountRow) => (
    <Flex gap={4} wrap>
      {a.status === 'active' ? (
        <Tag color="success">{t('access.accounts.active')}</Tag>
      ) : (
        <Tag color="default" data-testid="account-disabled">
          {t('access.accounts.disabled')}
        </Tag>
      )}
      {a.locked && <Tag color="error">{t('access.accounts.locked')}</Tag>}
      {a.mustChangePassword && (
        <Tag color="warning" data-testid="account-must-change">
          {t('access.accounts.mustChange')}
        </Tag>
      )}
      {a.id === meId && <Tag color="processing">{t('access.accounts.you')}</Tag>}
    </Flex>
  );
  const actions = (a: AccountRow): ReactNode => (
    <Flex gap={4} wrap>
      <Popconfirm
        title={t('access.accounts.resetConfirm', { name: a.displayName })}
        onConfirm={() => reset.mutate(a)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Button size="small" data-testid="reset-password" loading={reset.isPending && reset.variables?.id === a.id}>
          {t('access.accounts.reset')}
        </Button>
      </Popconfirm>
      {a.id !== meId &&
        (a.status === 'active' ? (
          <Popconfirm
            title={t('access.accounts.disableConfirm', { name: a.displayName })}
            onConfirm={() => status.mutate({ a, status: 'disabled' })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
          >
            <Button
              size="small"
              danger
              data-testid="disable-account"
              loading={status.isPending && status.variables?.a.id === a.id}
            >
              {t('access.accounts.disable')}
            </Button>
          </Popconfirm>
        ) : (
          <Button
            size="small"
            data-testid="enable-account"
            loading={status.isPending && status.variables?.a.id === a.id}
            onClick={() => status.mutate({ a, status: 'active' })}
          >
            {t('access.accounts.enable')}
          </Button>
        ))}
    </Flex>
  );
  const kindTag = (k: AccountKind) => <Tag color={kindColor[k]}>{t(`access.kind.${k}`)}</Tag>;

  return (
    <>
      <PageTitle
        title={t('access.accounts.title')}
        sub={t('access.accounts.hint')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-account">
            {t('access.accounts.create')}
          </Button>
        }
      />
      <Card size="small">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('access.accounts.search')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: phone ? '100%' : 260 }}
            data-testid="accounts-search"
          />
          <Select<AccountKind | ''>
            value={kind}
            onChange={setKind}
            style={{ width: phone ? '100%' : 160 }}
            data-testid="accounts-kind"
            options={[
              { value: '', label: t('access.accounts.kindAll') },
              ...(['staff', 'villager', 'official'] as const).map((k) => ({ value: k, label: t(`access.kind.${k}`) })),
            ]}
          />
        </Flex>
        {phone ? (
          <AccountCards
            rows={rows}
            render={(a) => ({ kind: kindTag(a.kind), status: statusTags(a), actions: actions(a) })}
          />
        ) : (
          <Table<AccountRow>
            rowKey="id"
            size="small"
            dataSource={rows}
            data-testid="accounts-table"
            onRow={() => ({ 'data-testid': 'account-row' }) as HTMLAttributes<HTMLElement>}
            pagination={{
              defaultPageSize: 20,
              showSizeChanger: true,
              showTotal: (n) => t('access.accounts.total', { n }),
            }}
            columns={[
              {
                title: t('access.accounts.name'),
                dataIndex: 'displayName',
                render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
              },
              { title: t('access.accounts.kind'), dataIndex: 'kind', width: 110, render: kindTag },
              { title: t('access.accounts.login'), dataIndex: 'login', width: 130 },
              {
                title: t('access.accounts.household'),
                dataIndex: 'householdNumber',
                width: 110,
                render: (v: string | null) => v ?? '—',
              },
              { title: t('access.accounts.status'), key: 'status', render: (_, a) => statusTags(a) },
              {
                title: t('access.accounts.created'),
                dataIndex: 'createdAt',
                width: 120,
                render: (v: number) => formatDate(v, lang),
              },
              { title: t('common.actions'), key: 'actions', width: 220, render: (_, a) => actions(a) },
            ]}
          />
        )}
      </Card>
      {creating && (
        <CreateAccountModal
          taken={taken}
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setIssued({ name: r.displayName ?? '', login: r.login ?? '', password: r.issuedPassword });
          }}
        />
      )}
      {issued && <IssuedPasswordModal issued={issued} onClose={() => setIssued(null)} />}
    </>
  );
}

/** Accounts as cards with a pager (phones). */
function AccountCards({
  rows,
  render,
}: {
  rows: AccountRow[];
  render: (a: AccountRow) => { kind: ReactNode; status: ReactNode; actions: ReactNode };
}) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const size = 10;
  const last = Math.max(1, Math.ceil(rows.length / size));
  const current = Math.min(page, last);
  return (
    <Flex vertical gap={8} data-testid="accounts-cards">
      {rows.length === 0 && <Empty />}
      {rows.slice((current - 1) * size, current * size).map((a) => {
        const r = render(a);
        return (
          <Card key={a.id} size="small" data-testid="account-row">
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>
                {a.displayName}
                {a.householdNumber && <Typography.Text type="secondary"> · {a.householdNumber}</Typography.Text>}
              </Typography.Text>
              {r.kind}
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', margin: '4px 0' }}>
              {a.login}
            </Typography.Text>
            <Flex justify="space-between" align="center" gap={8} wrap>
              {r.status}
              {r.actions}
            </Flex>
          </Card>
        );
      })}
      {rows.length > size && (
        <Flex justify="center">
          <Pagination simple current={current} pageSize={size} total={rows.length} onChange={setPage} />
        </Flex>
      )}
      <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
        {t('access.accounts.total', { n: rows.length })}
      </Typography.Text>
    </Flex>
  );
}
