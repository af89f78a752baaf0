/** My signed-in devices: end one, or sign out everywhere (then back to the sign-in page). */
import { DesktopOutlined, LogoutOutlined, MobileOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Popconfirm, Spin, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../../../lib/useApiMutation';
import { useIsPhone } from '../../../lib/useIsPhone';
import { QueryError } from '../../components/QueryError';
import { endSession, listSessions, signOutEverywhere } from '../../../api/access';
import { accessKeys } from '../../../api/keys';
import type { Session } from '../../../api/types';
import { describeUserAgent, formatDateTime } from '../format';

function Device({ s }: { s: Session }) {
  const { t } = useTranslation();
  const d = describeUserAgent(s.userAgent);
  const mobile = /Mobile|Android|iPhone/i.test(s.userAgent ?? '');
  return (
    <Flex gap={6} align="center" wrap>
      {mobile ? <MobileOutlined /> : <DesktopOutlined />}
      <Typography.Text title={s.userAgent ?? undefined}>
        {d ? t('access.account.browserOn', d) : t('access.account.unknownDevice')}
      </Typography.Text>
      {s.current && (
        <Tag color="green" data-testid="this-device">
          {t('access.account.thisDevice')}
        </Tag>
      )}
    </Flex>
  );
}

export function SessionsCard() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhone();
  const q = useQuery({ queryKey: accessKeys.sessions, queryFn: listSessions });
  const end = useApiMutation((id: string) => endSession(id), {
    success: t('access.account.ended'),
    invalidate: [accessKeys.sessions],
  });
  // A full page load to the sign-in page: nothing of this session stays in memory.
  const everywhere = useApiMutation(() => signOutEverywhere(), {
    onSuccess: () => window.location.replace('/sign-in'),
  });
  const lang = i18n.language;

  const endButton = (s: Session) =>
    s.current ? null : (
      <Popconfirm
        title={t('access.account.endConfirm')}
        onConfirm={() => end.mutate(s.id)}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Button size="small" danger data-testid="end-session" loading={end.isPending && end.variables === s.id}>
          {t('access.account.end')}
        </Button>
      </Popconfirm>
    );

  return (
    <Card
      title={t('access.account.sessions')}
      size="small"
      data-testid="sessions-card"
      extra={
        <Popconfirm
          title={t('access.account.everywhereConfirm')}
          onConfirm={() => everywhere.mutate()}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
        >
          <Button
            size="small"
            danger
            icon={<LogoutOutlined />}
            loading={everywhere.isPending}
            data-testid="sign-out-everywhere"
          >
            {t('access.account.everywhere')}
          </Button>
        </Popconfirm>
      }
    >
      <Typography.Paragraph type="secondary">{t('access.account.sessionsHint')}</Typography.Paragraph>
      {q.error ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : phone ? (
        <Spin spinning={q.isLoading}>
          <Flex vertical gap={8}>
            {(q.data ?? []).map((s) => (
              <Card key={s.id} size="small" data-testid="session-row">
                <Flex justify="space-between" align="flex-start" gap={8}>
                  <div>
                    <Device s={s} />
                    <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
                      {s.ip ?? '—'} · {t('access.account.lastSeen')} {formatDateTime(s.lastSeenAt, lang)}
                    </Typography.Text>
                  </div>
                  {endButton(s)}
                </Flex>
              </Card>
            ))}
          </Flex>
        </Spin>
      ) : (
        <Table<Session>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          pagination={false}
          onRow={() => ({ 'data-testid': 'session-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('access.account.device'), key: 'device', render: (_, s) => <Device s={s} /> },
            { title: t('access.account.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
            {
              title: t('access.account.signedIn'),
              dataIndex: 'createdAt',
              render: (v: number) => formatDateTime(v, lang),
            },
            {
              title: t('access.account.lastSeen'),
              dataIndex: 'lastSeenAt',
              render: (v: number) => formatDateTime(v, lang),
            },
            { title: t('common.actions'), key: 'actions', width: 90, render: (_, s) => endButton(s) },
          ]}
        />
      )}
    </Card>
  );
}
