/** Small enum tags: household kind, structure status. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HouseholdKind, StructureStatus } from '../../api/types';

const kindColor: Record<HouseholdKind, string> = {
  household: 'default',
  shop: 'cyan',
  institution: 'purple',
  other: 'default',
};

export function HouseholdKindTag({ kind }: { kind: HouseholdKind }) {
  const { t } = useTranslation();
  return <Tag color={kindColor[kind]}>{t(`householdKind.${kind}`)}</Tag>;
}

const statusColor: Record<StructureStatus, string> = { active: 'success', draft: 'processing', retired: 'default' };

export function StructureStatusTag({ status }: { status: StructureStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[status]} data-testid={`status-${status}`}>
      {t(`structureStatus.${status}`)}
    </Tag>
  );
}
