/** One post holder: role (in the current language), name, and a party-member badge. */
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types';

const roleColor: Record<Role, string> = {
  chief: 'volcano',
  branchLeader: 'orange',
  subLeader: 'gold',
  gridLeader: 'geekblue',
  gridMember: 'blue',
  evaluator: 'purple',
  reserve: 'default',
};

export function RoleTag({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <Tag color={roleColor[role]} style={{ marginInlineEnd: 4 }}>
      {t(`role.${role}`)}
    </Tag>
  );
}

export function PartyBadge() {
  const { t } = useTranslation();
  return (
    <Tag
      color="red"
      variant="outlined"
      style={{ marginInlineStart: 4, marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
    >
      {t('common.party')}
    </Tag>
  );
}

export function StaffTag({ role, name, partyMember }: { role: Role; name: string; partyMember?: boolean }) {
  return (
    <span style={{ whiteSpace: 'nowrap', display: 'inline-flex', alignItems: 'center', marginInlineEnd: 8 }}>
      <RoleTag role={role} />
      <span>{name}</span>
      {partyMember && <PartyBadge />}
    </span>
  );
}
