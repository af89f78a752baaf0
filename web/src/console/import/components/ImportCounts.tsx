/** Created / updated / unchanged counts of an import report. */
import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../../api/types';

export function ImportCounts({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const line = (c: { created: number; updated: number; unchanged: number }) => (
    <span>
      {t('import.created')} <b data-testid="count-created">{c.created}</b> · {t('import.updated')} <b>{c.updated}</b> ·{' '}
      {t('import.unchanged')} <b>{c.unchanged}</b>
    </span>
  );
  return (
    <Descriptions size="small" column={1} bordered data-testid="import-counts">
      <Descriptions.Item label={t('import.rows')}>{report.rows}</Descriptions.Item>
      <Descriptions.Item label={t('import.households')}>
        <span data-testid="households-counts">{line(report.households)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('import.residents')}>
        <span data-testid="residents-counts">{line(report.residents)}</span>
      </Descriptions.Item>
    </Descriptions>
  );
}
