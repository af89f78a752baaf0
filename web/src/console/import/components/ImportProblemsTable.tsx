/** Problems (or warnings) of an import file: row, column, code, message in the current language. */
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportProblem } from '../../../api/types';
import { localized } from '../../../lib/lang';

export function ImportProblemsTable({
  problems,
  testId = 'import-problems',
}: {
  problems: ImportProblem[];
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table<ImportProblem>
      data-testid={testId}
      size="small"
      rowKey={(p, i) => `${p.row}-${p.column}-${p.code}-${i}`}
      dataSource={problems}
      pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('import.col.row'), dataIndex: 'row', width: 64, align: 'right' },
        { title: t('import.col.column'), dataIndex: 'column', render: (c: string) => c || '—' },
        { title: t('import.col.code'), dataIndex: 'code', render: (c: string) => <Tag color="error">{c}</Tag> },
        { title: t('import.col.message'), key: 'msg', render: (_, p) => localized(p, i18n.language) },
        { title: t('import.col.value'), dataIndex: 'value', render: (v?: string) => (v ? <code>{v}</code> : '') },
      ]}
    />
  );
}
