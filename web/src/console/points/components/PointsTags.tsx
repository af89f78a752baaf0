/** Tags for entry, objection, report and redemption states; signed amounts. */
import { TrophyOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EntryStatus, ObjectionStatus, RedemptionStatus, ReportStatus } from '../../../api/types';
import { signed } from '../text';

const entryColor: Record<EntryStatus, string> = {
  proposed: 'gold',
  rejected: 'default',
  published: 'blue',
  disputed: 'red',
  final: 'green',
  overturned: 'default',
};
const objectionColor: Record<ObjectionStatus, string> = {
  open: 'gold',
  upheld: 'green',
  overturned: 'red',
  appealed: 'purple',
  appeal_upheld: 'green',
  appeal_overturned: 'red',
};
const reportColor: Record<ReportStatus, string> = { open: 'gold', substantiated: 'red', unfounded: 'default' };
const redemptionColor: Record<RedemptionStatus, string> = {
  reserved: 'gold',
  picked_up: 'green',
  cancelled: 'default',
};

export function EntryStatusTag({ status }: { status: EntryStatus }) {
  const { t } = useTranslation();
  return <Tag color={entryColor[status]}>{t(`points.status.${status}`)}</Tag>;
}

export function ObjectionStatusTag({ status }: { status: ObjectionStatus }) {
  const { t } = useTranslation();
  return <Tag color={objectionColor[status]}>{t(`points.objection.${status}`)}</Tag>;
}

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return <Tag color={reportColor[status]}>{t(`points.report.${status}`)}</Tag>;
}

export function RedemptionStatusTag({ status }: { status: RedemptionStatus }) {
  const { t } = useTranslation();
  return <Tag color={redemptionColor[status]}>{t(`points.redemption.${status}`)}</Tag>;
}

export function Points({ n, strong }: { n: number; strong?: boolean }) {
  const color = n > 0 ? '#237804' : n < 0 ? '#b7312c' : '#888';
  return <span style={{ color, fontWeight: strong ? 700 : 600, whiteSpace: 'nowrap' }}>{signed(n)}</span>;
}

/**
 * "Most beautiful grid member" (最美网格员): the top of the ranking by full balance is the reference
 * for the selection; shown when at most three share the first place (a many-way tie says nothing).
 */
export function BestTag({ rank, ranks }: { rank: number; ranks: number[] }) {
  const { t } = useTranslation();
  const first = ranks.filter((r) => r === 1).length;
  if (rank !== 1 || first > 3) return null;
  return (
    <Tag color="gold" icon={<TrophyOutlined />} data-testid="best-member">
      {t('points.standings.best')}
    </Tag>
  );
}
