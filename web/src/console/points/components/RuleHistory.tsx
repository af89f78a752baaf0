/**
 * The versions of a rule (GET …/points/rules/:code/versions), newest first: the name, the amount
 * and the conditions of each, when it was in force, and who wrote it. Entries keep pointing at the
 * version they were made under, so this is how an old entry's amount is explained.
 */
import { useQuery } from '@tanstack/react-query';
import { Drawer, Flex, Spin, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../lib/format';
import { useIsPhone } from '../../../lib/useIsPhone';
import { QueryError } from '../../components/QueryError';
import { pk } from '../../../api/keys';
import { getRuleVersions } from '../../../api/points';
import type { RuleVersion } from '../../../api/types';
import { bi, ruleAmount, ruleConditions } from '../text';

function Version({ r }: { r: RuleVersion }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const current = r.supersededAt === null;
  return (
    <Flex vertical gap={2} data-testid="rule-version" data-version={r.version}>
      <div>
        <Tag color={current ? 'blue' : undefined}>v{r.version}</Tag>
        <Typography.Text strong>{bi(r.name, lang)}</Typography.Text>{' '}
        <Typography.Text strong>{ruleAmount(r) ?? t('points.rules.zeroes')}</Typography.Text>{' '}
        {current && <Tag color="green">{t('points.rules.current')}</Tag>}
        {!r.active && <Tag>{t('points.rules.inactive')}</Tag>}
      </div>
      <Typography.Text type="secondary">{ruleConditions(r, t)}</Typography.Text>
      <Typography.Text type="secondary">
        {t('points.rules.proposersN', { roles: r.proposers.map((p) => t(`role.${p}`)).join(t('common.listSep')) })}
      </Typography.Text>
      <Typography.Text data-testid="rule-version-span">
        {current
          ? t('points.rules.inForceSince', { from: formatDate(r.createdAt, lang, true) })
          : t('points.rules.inForce', {
              from: formatDate(r.createdAt, lang, true),
              to: formatDate(r.supersededAt, lang, true),
            })}
        {' · '}
        {r.createdByName
          ? t(r.version === 1 ? 'points.rules.createdBy' : 'points.rules.revisedBy', { name: r.createdByName })
          : t('points.rules.writtenBySystem')}
      </Typography.Text>
    </Flex>
  );
}

export function RuleHistory({ village, code, onClose }: { village: string; code: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const versions = useQuery({
    queryKey: pk.ruleVersions(village, code ?? ''),
    queryFn: () => getRuleVersions(village, code!),
    enabled: !!code,
  });
  return (
    <Drawer
      open={!!code}
      onClose={onClose}
      size={phone ? '100%' : 520}
      title={t('points.rules.historyTitle', { code: code ?? '' })}
      destroyOnHidden
    >
      {versions.error ? (
        <QueryError error={versions.error} onRetry={() => versions.refetch()} />
      ) : (
        <div data-testid="rule-history">
          {versions.isLoading && <Spin />}
          <Timeline
            items={[...(versions.data ?? [])].reverse().map((r) => ({
              key: r.id,
              color: r.supersededAt === null ? 'blue' : 'gray',
              content: <Version r={r} />,
            }))}
          />
          <Typography.Paragraph type="secondary">{t('points.rules.versionNote')}</Typography.Paragraph>
        </div>
      )}
    </Drawer>
  );
}
