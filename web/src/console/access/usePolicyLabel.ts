import { useTranslation } from 'react-i18next';

/** A policy's name in the current language (the raw name when unknown). */
export function usePolicyLabel() {
  const { t } = useTranslation();
  const labels = t('access.policy', { returnObjects: true }) as unknown as Record<string, string>;
  return (policy: string) => labels[policy] ?? policy;
}
