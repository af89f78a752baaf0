/** A failed load: the server's message in the current language, and a retry button. */
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api/client';
import { AccessDenied, isDenial } from '../access/components/AccessDenied';

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  // Refused (403) or not found for this caller (404): a clear denial page, not a retry.
  if (isDenial(error)) return <AccessDenied error={error} />;
  const status = error instanceof ApiError && error.status === 404 ? '404' : 'warning';
  return (
    <Result
      status={status}
      title={t('common.loadFailed')}
      subTitle={errorText(error)}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}
