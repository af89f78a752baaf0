/**
 * A request the server refused (403: not this post, another village) or could not find for the
 * caller (404: missing, or outside their scope): a clear result page in the current language
 * with the server's own message, and a way back. A villager who lands on the console's home
 * (the village overview is not theirs) is taken to their household instead.
 */
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../../api/auth';
import { ApiError } from '../../../api/client';
import { consoleHome } from '../../../lib/home';

/** 403 (except a stale page's CSRF failure, which a retry fixes) and 404 are shown as a denial. */
export const isDenial = (err: unknown): err is ApiError =>
  err instanceof ApiError && ((err.status === 403 && err.code !== 'CSRF') || err.status === 404);

export function AccessDenied({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const me = useMe().data;
  const home = consoleHome(me);
  if (error.status === 403 && home !== '/console' && (pathname === '/console' || pathname === '/console/'))
    return <Navigate to={home} replace />;
  const notFound = error.status === 404;
  return (
    <Result
      status={notFound ? '404' : '403'}
      title={notFound ? t('access.denied.notFoundTitle') : t('access.denied.title')}
      subTitle={
        <>
          <span data-testid="denied-message">{error.text()}</span>
          {notFound && (
            <>
              <br />
              {t('access.denied.notFoundHint')}
            </>
          )}
        </>
      }
      data-testid={notFound ? 'not-found-result' : 'denied-result'}
      extra={[
        window.history.length > 1 && (
          <Button key="back" onClick={() => navigate(-1)}>
            {t('access.denied.back')}
          </Button>
        ),
        <Button key="home" type="primary" onClick={() => navigate(home)}>
          {home === '/console' ? t('access.denied.home') : t('access.denied.myHousehold')}
        </Button>,
      ]}
    />
  );
}
