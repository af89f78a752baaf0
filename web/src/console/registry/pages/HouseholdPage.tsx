/** One household or unit: details, residents, current grid, chain of responsibility, history. */
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { keys } from '../../../api/keys';
import { getHousehold, isOwnHousehold } from '../../../api/registry';
import { formatDate } from '../../../lib/format';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { ActivationCodeButton } from '../../access/components/ActivationCodeButton';
import { VillagerHousehold } from '../../access/components/VillagerHousehold';
import { CoverageTimeline } from '../components/CoverageTimeline';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { ResidentsTable } from '../components/ResidentsTable';
import { ResponsibilityChain } from '../components/ResponsibilityChain';
import { HouseholdKindTag } from '../../components/Tags';

export default function HouseholdPage() {
  const { t, i18n } = useTranslation();
  const { householdId = '' } = useParams();
  const { village } = useVillage();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const q = useQuery({
    queryKey: keys.household(village, householdId),
    queryFn: () => getHousehold(village, householdId),
  });

  if (q.isLoading) return <PageLoading />;
  if (q.error || !q.data) return <QueryError error={q.error} onRetry={() => q.refetch()} />;
  // A villager's own household comes without the staff-only fields: their own view.
  if (isOwnHousehold(q.data)) return <VillagerHousehold data={q.data} />;
  const { household: h, residents, grid, responsible, history } = q.data;
  const head = residents.find((r) => r.relation === 'head');

  return (
    <>
      <PageTitle
        title={`${h.number} · ${h.name ?? head?.name ?? t('household.title')}`}
        sub={h.address}
        extra={
          <>
            <ActivationCodeButton household={h} />
            <Button onClick={() => navigate(-1)}>{t('common.back')}</Button>
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('household.info')} size="small">
            <Descriptions column={1} size="small" data-testid="household-info">
              <Descriptions.Item label={t('household.number')}>{h.number}</Descriptions.Item>
              <Descriptions.Item label={t('household.kind')}>
                <HouseholdKindTag kind={h.kind} />
              </Descriptions.Item>
              {h.name && <Descriptions.Item label={t('household.name')}>{h.name}</Descriptions.Item>}
              <Descriptions.Item label={t('household.address')}>{h.address}</Descriptions.Item>
              <Descriptions.Item label={t('household.currentGrid')}>
                {grid ? (
                  <Typography.Text strong data-testid="current-grid">
                    {grid.code} {grid.name}
                  </Typography.Text>
                ) : (
                  t('household.noGrid')
                )}
              </Descriptions.Item>
              {h.tags.length > 0 && (
                <Descriptions.Item label={t('household.tags')}>
                  {h.tags.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('household.updatedAt')}>
                {formatDate(h.updatedAt, i18n.language, true)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            title={t('household.chain')}
            size="small"
            extra={<Typography.Text type="secondary">{t('household.chainHint')}</Typography.Text>}
          >
            <ResponsibilityChain chain={responsible} vertical={phone} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            title={`${t('household.residents')} · ${residents.length}`}
            size="small"
            extra={<Typography.Text type="secondary">{t('household.masked')}</Typography.Text>}
          >
            <ResidentsTable residents={residents} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('household.history')} size="small">
            <CoverageTimeline history={history} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
