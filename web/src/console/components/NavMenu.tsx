/** The console's menu: side menu on desktop, inside the drawer on phones. */
import { Menu } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { can } from '../../api/auth';
import type { Me } from '../../api/types';
import { extensions } from '../extensions';

export function NavMenu({ me, onNavigate }: { me: Me; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const rest = pathname.replace(/^\/console\/?/, '');
  const items = extensions
    .flatMap((x) => x.nav)
    .map((n) => ({ ...n, label: t(n.label as never) as string }))
    .filter((i) => can(me, i.policy))
    .map(({ policy: _p, ...i }) => i);
  // The item whose key is the longest prefix of the path (points/appeals/… → 'points/appeals', not 'points').
  const selected = items.reduce<string>(
    (best, i) =>
      (i.key === '' || rest === i.key || rest.startsWith(`${i.key}/`)) && i.key.length >= best.length ? i.key : best,
    '',
  );
  return (
    <Menu
      data-testid="nav-menu"
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        navigate(key ? `/console/${key}` : '/console');
        onNavigate?.();
      }}
    />
  );
}
