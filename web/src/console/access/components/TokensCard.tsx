/**
 * My API tokens: list, create (a name and some of MY policies; the token is shown once, in a
 * copyable box with a warning), revoke.
 */
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { createToken, listTokens, revokeToken } from '../../../api/access';
import { accessKeys } from '../../../api/keys';
import type { ApiToken, Me, NewApiToken, Policy } from '../../../api/types';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { QueryError } from '../../components/QueryError';
import { formatDateTime } from '../format';
import { usePolicyLabel } from '../usePolicyLabel';

export function TokensCard({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const phone = useIsPhone();
  const label = usePolicyLabel();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const q = useQuery({ queryKey: accessKeys.tokens, queryFn: listTokens });
  const revoke = useApiMutation((id: string) => revokeToken(id), {
    success: t('access.account.revokedOk'),
    invalidate: [accessKeys.tokens],
  });
  const lang = i18n.language;

  const status = (x: ApiToken) =>
    x.revokedAt ? (
      <Tag data-testid="token-status">{t('access.account.revoked')}</Tag>
    ) : (
      <Tag color="green" data-testid="token-status">
        {t('access.account.active')}
      </Tag>
    );
  const policies = (x: ApiToken) => (
    <Flex gap={4} wrap>
      {x.policies.map((p) => (
        <Tag key={p} title={p} style={{ marginInlineEnd: 0 }}>
          {label(p)}
        </Tag>
      ))}
    </Flex>
  );
  const revokeButton = (x: ApiToken) =>
    x.revokedAt ? null : (
      <Popconfirm
        title={t('access.account.revokeConfirm', { name: x.name })}
        onConfirm={() => revoke.mutate(x.id)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Button size="small" danger data-testid="revoke-token" loading={revoke.isPending && revoke.variables === x.id}>
          {t('access.account.revoke')}
        </Button>
      </Popconfirm>
    );
  const rows = q.data ?? [];

  return (
    <Card
      title={t('access.account.tokens')}
      size="small"
      data-testid="tokens-card"
      extra={
        <Button
          size="small"
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="new-token"
        >
          {t('access.account.newToken')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('access.account.tokensHint')}</Typography.Paragraph>
      {q.error ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : phone ? (
        <Spin spinning={q.isLoading}>
          <Flex vertical gap={8}>
            {rows.length === 0 && !q.isLoading && <Empty description={t('access.account.noTokens')} />}
            {rows.map((x) => (
              <Card key={x.id} size="small" data-testid="token-row">
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong>{x.name}</Typography.Text>
                  <Flex gap={4} align="center">
                    {status(x)}
                    {revokeButton(x)}
                  </Flex>
                </Flex>
                <div style={{ margin: '6px 0' }}>{policies(x)}</div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('access.account.created')} {formatDateTime(x.createdAt, lang)} · {t('access.account.lastUsed')}{' '}
                  {x.lastUsedAt ? formatDateTime(x.lastUsedAt, lang) : t('access.account.never')}
                </Typography.Text>
              </Card>
            ))}
          </Flex>
        </Spin>
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={rows}
          pagination={false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('access.account.noTokens')} />,
          }}
          onRow={() => ({ 'data-testid': 'token-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('access.account.tokenName'), dataIndex: 'name' },
            { title: t('access.account.tokenPolicies'), key: 'policies', render: (_, x) => policies(x) },
            {
              title: t('access.account.created'),
              dataIndex: 'createdAt',
              render: (v: number) => formatDateTime(v, lang),
            },
            {
              title: t('access.account.lastUsed'),
              dataIndex: 'lastUsedAt',
              render: (v: number | null) => (v ? formatDateTime(v, lang) : t('access.account.never')),
            },
            { title: t('access.account.status'), key: 'status', render: (_, x) => status(x) },
            { title: t('common.actions'), key: 'actions', width: 80, render: (_, x) => revokeButton(x) },
          ]}
        />
      )}
      {creating && (
        <CreateTokenModal
          me={me}
          onClose={() => setCreating(false)}
          onCreated={(x) => {
            setCreating(false);
            setCreated(x);
          }}
        />
      )}
      {created && <TokenOnceModal token={created} onClose={() => setCreated(null)} />}
    </Card>
  );
}

function CreateTokenModal({
  me,
  onClose,
  onCreated,
}: {
  me: Me;
  onClose: () => void;
  onCreated: (x: NewApiToken) => void;
}) {
  const { t } = useTranslation();
  const label = usePolicyLabel();
  const [form] = Form.useForm<{ name: string; policies: Policy[] }>();
  const create = useApiMutation(
    (v: { name: string; policies: Policy[] }) => createToken({ name: v.name.trim(), policies: v.policies }),
    {
      invalidate: [accessKeys.tokens],
      onSuccess: onCreated,
    },
  );
  // 'self' is implied by every token and not grantable.
  const mine = me.policies.filter((p) => p !== 'self');
  return (
    <Modal
      open
      title={t('access.account.newToken')}
      onCancel={onClose}
      okText={t('access.account.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'create-token' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="name"
          label={t('access.account.tokenName')}
          rules={[{ required: true, whitespace: true, max: 60, message: t('auth.required') }]}
        >
          <Input placeholder={t('access.account.tokenNamePlaceholder')} maxLength={60} data-testid="token-name" />
        </Form.Item>
        <Form.Item
          name="policies"
          label={t('access.account.tokenPolicies')}
          extra={t('access.account.tokenPoliciesHint')}
          rules={[{ required: true, type: 'array', min: 1, message: t('access.account.pickPolicy') }]}
        >
          <Checkbox.Group
            data-testid="token-policies"
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 6 }}
          >
            {mine.map((p) => (
              <Checkbox key={p} value={p} data-testid={`policy-${p}`}>
                {label(p)}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TokenOnceModal({ token, onClose }: { token: NewApiToken; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('access.account.tokenOnceTitle')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="token-saved">
          {t('access.account.copied')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('access.account.tokenOnce')} style={{ marginBottom: 12 }} />
      <Typography.Text strong>{token.name}</Typography.Text>
      <Typography.Paragraph
        copyable={{ text: token.token }}
        data-testid="token-value"
        style={{
          fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          padding: '8px 12px',
          marginTop: 8,
          wordBreak: 'break-all',
        }}
      >
        {token.token}
      </Typography.Paragraph>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('access.account.tokenUsage')}
      </Typography.Text>
    </Modal>
  );
}
