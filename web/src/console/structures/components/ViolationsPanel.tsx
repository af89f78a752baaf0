/** The validation report of a structure, refreshed after every change; click a row to select its node. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, Spin, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { getValidation } from '../../../api/structures';
import type { Violation } from '../../../api/types';
import { localized } from '../../../lib/lang';
import { QueryError } from '../../components/QueryError';

type CodeKey =
  | 'UNCOVERED'
  | 'DOUBLE_COVERED'
  | 'ASSIGNED_TO_NON_GRID'
  | 'UNKNOWN_NODE'
  | 'GRID_TOO_SMALL'
  | 'GRID_TOO_LARGE'
  | 'GRID_WITHOUT_MEMBER'
  | 'NODE_WITHOUT_LEADER'
  | 'GRID_HAS_CHILDREN'
  | 'NODE_WITHOUT_GRIDS'
  | 'NO_ROOT';
const known = new Set<string>([
  'UNCOVERED',
  'DOUBLE_COVERED',
  'ASSIGNED_TO_NON_GRID',
  'UNKNOWN_NODE',
  'GRID_TOO_SMALL',
  'GRID_TOO_LARGE',
  'GRID_WITHOUT_MEMBER',
  'NODE_WITHOUT_LEADER',
  'GRID_HAS_CHILDREN',
  'NODE_WITHOUT_GRIDS',
  'NO_ROOT',
]);

export function ViolationCodeTag({ code }: { code: string }) {
  const { t } = useTranslation();
  return <Tag color="warning">{known.has(code) ? t(`violations.code.${code as CodeKey}`) : code}</Tag>;
}

export function ViolationList({
  violations,
  onPick,
  pageSize = 8,
}: {
  violations: Violation[];
  onPick?: (v: Violation) => void;
  pageSize?: number;
}) {
  const { i18n } = useTranslation();
  return (
    <Table<Violation>
      data-testid="violations-list"
      size="small"
      showHeader={false}
      rowKey={(v, i) => `${v.code}-${v.nodeId ?? ''}-${v.householdId ?? ''}-${i}`}
      dataSource={violations}
      pagination={{ pageSize, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
      onRow={(v) => ({ onClick: () => onPick?.(v), style: { cursor: onPick && v.nodeId ? 'pointer' : undefined } })}
      columns={[
        { key: 'code', width: 110, render: (_, v) => <ViolationCodeTag code={v.code} /> },
        { key: 'msg', render: (_, v) => <span data-testid="violation">{localized(v, i18n.language)}</span> },
      ]}
    />
  );
}

export function ViolationsPanel({
  village,
  structureId,
  onPick,
}: {
  village: string;
  structureId: string;
  onPick?: (v: Violation) => void;
}) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: keys.validation(village, structureId),
    queryFn: () => getValidation(village, structureId),
  });
  const n = q.data?.violations.length ?? 0;
  return (
    <Card
      size="small"
      data-testid="violations-panel"
      title={
        <span>
          {t('violations.title')}{' '}
          {q.data && (
            <Badge
              count={n}
              showZero
              color={n ? '#faad14' : '#52c41a'}
              overflowCount={9999}
              data-testid="violations-count"
              data-count={n}
            />
          )}
        </span>
      }
      extra={q.isFetching && <Spin size="small" />}
    >
      {q.error ? (
        <QueryError error={q.error} onRetry={() => q.refetch()} />
      ) : !q.data ? (
        <Typography.Text type="secondary">{t('violations.checking')}</Typography.Text>
      ) : q.data.ok ? (
        <Alert type="success" showIcon title={t('violations.ok')} data-testid="violations-ok" />
      ) : (
        <>
          <Alert type="warning" showIcon title={t('violations.count', { n })} style={{ marginBottom: 8 }} />
          <ViolationList violations={q.data.violations} onPick={onPick} />
        </>
      )}
    </Card>
  );
}
