/** My account: who I am, change my password, my signed-in devices, my API tokens. */
import { Card, Col, Descriptions, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { isEnglish } from '../../../lib/lang';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { StaffTag } from '../../components/StaffTag';
import { PasswordCard } from '../components/PasswordCard';
import { SessionsCard } from '../components/SessionsCard';
import { TokensCard } from '../components/TokensCard';

export default function AccountPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  if (me.isLoading) return <PageLoading />;
  if (me.error || !me.data) return <QueryError error={me.error} onRetry={() => me.refetch()} />;
  const m = me.data;
  const village = m.village ? (isEnglish(i18n.language) && m.village.nameEn ? m.village.nameEn : m.village.name) : null;
  return (
    <>
      <PageTitle title={t('access.account.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('access.account.profile')} size="small" data-testid="profile-card">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('access.account.name')}>
                <Typography.Text strong>{m.account.name}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('access.account.login')}>{m.account.login}</Descriptions.Item>
              <Descriptions.Item label={t('access.account.kind')}>
                {t(`access.kind.${m.account.kind}`)}
              </Descriptions.Item>
              {village && <Descriptions.Item label={t('access.account.village')}>{village}</Descriptions.Item>}
              {m.account.kind === 'staff' && (
                <Descriptions.Item label={t('access.account.posts')}>
                  {m.posts.length === 0
                    ? t('access.account.noPosts')
                    : m.posts.map((p) => (
                        <div key={`${p.role}-${p.nodeId}`}>
                          <StaffTag role={p.role} name={`${p.nodeCode} ${p.nodeName}`} />
                        </div>
                      ))}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <PasswordCard />
        </Col>
        <Col xs={24}>
          <SessionsCard />
        </Col>
        <Col xs={24}>
          <TokensCard me={m} />
        </Col>
      </Row>
    </>
  );
}
