/** The household's coverage history: which grid (and grid members) covered it, and when. */
import { Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import type { CoverageSpan } from '../../../api/types';

export function CoverageTimeline({ history }: { history: CoverageSpan[] }) {
  const { t, i18n } = useTranslation();
  if (!history.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('household.noHistory')} />;
  const spans = [...history].sort((a, b) => b.validFrom - a.validFrom);
  return (
    <Timeline
      data-testid="coverage-timeline"
      items={spans.map((s) => ({
        key: `${s.structureId}-${s.validFrom}`,
        color: s.validTo === null ? 'green' : 'gray',
        title: (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDate(s.validFrom, i18n.language, true)} –{' '}
            {s.validTo === null ? t('household.now') : formatDate(s.validTo, i18n.language, true)}
          </Typography.Text>
        ),
        content: (
          <div>
            <Typography.Text strong>
              {s.grid.code} {s.grid.name}
            </Typography.Text>{' '}
            <Tag>{s.structureName}</Tag>
            <div>
              <Typography.Text type="secondary">
                {t('household.members')}
                {t('common.colon')}
              </Typography.Text>
              {s.gridMembers.length
                ? s.gridMembers.map((m) => m.name).join(t('common.listSep'))
                : t('household.noMembers')}
            </div>
          </div>
        ),
      }))}
    />
  );
}
