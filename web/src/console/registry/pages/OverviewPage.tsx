/** Overview: the village's counts and its active grid structure as a tree. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { keys } from '../../../api/keys';
import { getOverview } from '../../../api/registry';
import { getTree } from '../../../api/structures';
import { isEnglish } from '../../../lib/lang';
import { formatDate } from '../../../lib/format';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { StatsCards } from '../components/StatsCards';
import { StructureTreeView } from '../../structures/components/StructureTreeView';
import { StructureStatusTag } from '../../components/Tags';

export default function OverviewPage() {
  const { t, i18n } = useTranslation();
  const { village } = useVillage();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const overview = useQuery({ queryKey: keys.overview(village), queryFn: () => getOverview(village) });
  const hasActive = !!overview.data?.activeStructure;
  const tree = useQuery({
    queryKey: keys.tree(village, 'active'),
    queryFn: () => getTree(village, 'active'),
    enabled: hasActive,
  });

  if (overview.isLoading) return <PageLoading />;
  if (overview.error || !overview.data) return <QueryError error={overview.error} onRetry={() => overview.refetch()} />;
  const { village: v, counts, activeStructure, drafts } = overview.data;
  const villageName = isEnglish(i18n.language) && v.nameEn ? v.nameEn : v.name;

  return (
    <>
      <PageTitle title={`${villageName} · ${t('overview.title')}`} />
      <StatsCards counts={counts} />
      {activeStructure && activeStructure.withoutGrid > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="without-grid"
          message={t('overview.withoutGrid', { n: activeStructure.withoutGrid })}
          description={t('overview.withoutGridHint')}
          action={
            <Button size="small" onClick={() => navigate('/console/households?withoutGrid=1')}>
              {t('overview.withoutGridShow')}
            </Button>
          }
        />
      )}
      <Card
        style={{ marginTop: 16 }}
        size={phone ? 'small' : undefined}
        title={
          <Flex vertical style={{ padding: '8px 0', lineHeight: 1.4 }}>
            <span>
              {t('overview.activeStructure')}
              {activeStructure && (
                <>
                  {t('common.colon')}
                  <span data-testid="active-structure-name">{activeStructure.name}</span>{' '}
                  <StructureStatusTag status="active" />
                </>
              )}
            </span>
            {activeStructure && (
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal', whiteSpace: 'normal' }}>
                {t('overview.activatedAt', { date: formatDate(activeStructure.activatedAt, i18n.language) })} ·{' '}
                {t(`coverage.${activeStructure.coverage}`)} · {t('overview.treeHint')}
              </Typography.Text>
            )}
          </Flex>
        }
      >
        {drafts.length > 0 && (
          <div style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">
              {t('overview.drafts')}
              {t('common.colon')}
            </Typography.Text>
            {drafts.map((d) => (
              <Tag
                key={d.id}
                color="processing"
                style={{ cursor: 'pointer' }}
                onClick={() => navigate(`/console/structures/${d.id}`)}
              >
                {d.name}
              </Tag>
            ))}
          </div>
        )}
        {!activeStructure ? (
          <Empty description={t('overview.noActive')} />
        ) : tree.isLoading ? (
          <PageLoading />
        ) : tree.error || !tree.data ? (
          <QueryError error={tree.error} onRetry={() => tree.refetch()} />
        ) : (
          <StructureTreeView
            nodes={tree.data.nodes}
            showUnits={activeStructure.coverage === 'all'}
            compact={phone}
            onSelect={(n) => n.kind === 'grid' && navigate(`/console/households?node=${n.id}`)}
          />
        )}
      </Card>
    </>
  );
}
