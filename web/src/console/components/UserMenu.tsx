/** Who is signed in (name and posts) and a sign-out button. */
import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { signOut } from '../../api/auth';
import type { Me } from '../../api/types';
import { forgetOfflineData } from '../../lib/offline';
import { RoleTag } from './StaffTag';

export function UserMenu({ me, compact }: { me: Me; compact?: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const out = async () => {
    await signOut().catch(() => undefined);
    qc.clear();
    await forgetOfflineData();
    navigate('/sign-in', { replace: true });
  };
  const roles = [...new Set(me.roles)];
  return (
    <Flex align="center" gap={8} wrap data-testid="user-menu">
      <span style={{ whiteSpace: 'nowrap' }}>
        {roles.slice(0, 1).map((r) => (
          <RoleTag key={r} role={r} />
        ))}
        {compact ? (
          <Typography.Text>{me.account.name}</Typography.Text>
        ) : (
          <Typography.Link
            onClick={() => navigate('/console/account')}
            title={t('access.nav.account')}
            data-testid="my-account"
          >
            {me.account.name}
          </Typography.Link>
        )}
      </span>
      <Button
        size="small"
        type={compact ? 'default' : 'text'}
        icon={<LogoutOutlined />}
        onClick={out}
        data-testid="sign-out"
      >
        {compact ? t('auth.signOut') : undefined}
      </Button>
    </Flex>
  );
}
