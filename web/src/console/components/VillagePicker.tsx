/** The village the console works on (GET /api/v1/villages). */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { keys } from '../../api/keys';
import { getVillages } from '../../api/registry';
import { isEnglish } from '../../lib/lang';
import { useVillage } from '../../lib/village';

export function VillagePicker({ block }: { block?: boolean }) {
  const { t, i18n } = useTranslation();
  const { village, setVillage } = useVillage();
  const { data, isLoading } = useQuery({ queryKey: keys.villages, queryFn: getVillages, staleTime: 300_000 });
  const en = isEnglish(i18n.language);
  return (
    <Select
      data-testid="village-picker"
      aria-label={t('village.pick')}
      loading={isLoading}
      value={village}
      onChange={setVillage}
      style={{ minWidth: 140, width: block ? '100%' : undefined }}
      options={(data ?? [{ code: village, name: village, nameEn: null }]).map((v) => ({
        value: v.code,
        label: en && v.nameEn ? v.nameEn : v.name,
      }))}
    />
  );
}
