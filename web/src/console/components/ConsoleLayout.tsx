/** The console frame: side menu on desktop; a header button and a drawer menu on phones. */
import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Layout, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet } from 'react-router';
import type { Me } from '../../api/types';
import { phoneHome, switchApp } from '../../lib/home';
import { useSession } from '../../lib/session';
import { useIsPhone } from '../../lib/useIsPhone';
import { useLiveEvents } from '../../lib/useLiveEvents';
import { ChangePasswordForm } from './ChangePasswordForm';
import { LangSwitch } from './LangSwitch';
import { NavMenu } from './NavMenu';
import { PageLoading } from './PageLoading';
import { QueryError } from './QueryError';
import { UserMenu } from './UserMenu';
import { VillagePicker } from './VillagePicker';

const { Header, Sider, Content } = Layout;

/** Whose desk this is: the highest post the person holds, or the official's place. */
const DESKS = ['chief', 'evaluator', 'branchLeader', 'subLeader', 'gridLeader', 'gridMember'] as const;
type Desk = (typeof DESKS)[number] | 'official' | 'staff';
function deskOf(me: Me): Desk {
  if (me.account.kind === 'official') return 'official';
  return DESKS.find((r) => me.roles.includes(r)) ?? 'staff';
}

function Brand({ compact }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex vertical style={{ lineHeight: 1.2 }}>
      <Typography.Text strong style={{ fontSize: compact ? 16 : 18, color: '#b7312c' }}>
        {t('app.title')}
      </Typography.Text>
      {!compact && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('app.subtitle')}
        </Typography.Text>
      )}
    </Flex>
  );
}

export function ConsoleLayout() {
  const { t, i18n } = useTranslation();
  const phone = useIsPhone();
  const [open, setOpen] = useState(false);
  const { me, signIn } = useSession();
  useLiveEvents(me.data); // the queue, the board, the household pages and the editor update live

  if (me.isLoading) return <PageLoading />;
  if (signIn) return <Navigate to={signIn} replace />;
  if (me.error || !me.data) return <QueryError error={me.error} onRetry={() => me.refetch()} />;
  const official = me.data.account.kind === 'official';
  const headerStyle = {
    background: '#fff',
    padding: phone ? '0 12px' : '0 24px',
    borderBottom: '1px solid #f0f0f0',
    height: 56,
    lineHeight: '56px',
  };

  // One element tree for both sizes: the page (Outlet) keeps its place, so a breakpoint change
  // (rotating a phone, a full-page screenshot) never remounts it and loses its state.
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!phone && (
        <Sider width={208} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '12px 20px', height: 56, boxSizing: 'border-box' }}>
            <Brand />
          </div>
          <NavMenu me={me.data} />
        </Sider>
      )}
      <Layout>
        <Header style={phone ? { ...headerStyle, position: 'sticky', top: 0, zIndex: 10 } : headerStyle}>
          <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={8}>
            {phone ? (
              <Flex align="center" gap={8}>
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label={t('nav.menu')}
                  data-testid="menu-button"
                  onClick={() => setOpen(true)}
                />
                <Brand compact />
              </Flex>
            ) : (
              <Typography.Text type="secondary" data-testid="console-desk">
                {[
                  me.data.village &&
                    (i18n.language === 'en' && me.data.village.nameEn ? me.data.village.nameEn : me.data.village.name),
                  t(`app.desk.${deskOf(me.data)}`),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            )}
            <Flex align="center" gap={phone ? 8 : 16}>
              {phoneHome(me.data) && (
                <Button
                  size={phone ? 'middle' : 'small'}
                  onClick={() => switchApp(me.data, 'phone')}
                  data-testid="to-phone-app"
                >
                  {t('app.toPhone')}
                </Button>
              )}
              {!phone && official && <VillagePicker />}
              {!phone && <UserMenu me={me.data} />}
              <LangSwitch />
            </Flex>
          </Flex>
        </Header>
        <Content style={{ padding: phone ? 12 : 24 }}>
          {me.data.mustChangePassword ? <ChangePasswordForm /> : <Outlet />}
        </Content>
      </Layout>
      {phone && (
        <Drawer
          placement="left"
          open={open}
          onClose={() => setOpen(false)}
          size={260}
          title={<Brand />}
          styles={{ body: { padding: 0 } }}
        >
          <Flex vertical gap={12} style={{ padding: 12 }}>
            <UserMenu me={me.data} compact />
            {official && <VillagePicker block />}
          </Flex>
          <NavMenu me={me.data} onNavigate={() => setOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
