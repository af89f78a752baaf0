/** Choose a person of the village (staff list, optionally only those without a post). */
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Flex, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { listPeople } from '../../../api/registry';
import { useVillage } from '../../../lib/village';

export function PersonSelect({
  value,
  onChange,
  exclude = [],
}: {
  value?: string;
  onChange?: (id: string) => void;
  exclude?: string[];
}) {
  const { t } = useTranslation();
  const { village } = useVillage();
  const [unposted, setUnposted] = useState(true);
  const people = useQuery({
    queryKey: keys.people(village, { unposted }),
    queryFn: () => listPeople(village, { unposted }),
  });
  const options = (people.data ?? [])
    .filter((p) => !exclude.includes(p.id))
    .map((p) => {
      const posts = p.posts.map((x) => `${t(`role.${x.role}`)} ${x.nodeCode}`).join(t('common.listSep'));
      const extra = [p.partyMember ? t('common.party') : '', p.reserve ? t('role.reserve') : '', ...p.dutyTags, posts]
        .filter(Boolean)
        .join(' · ');
      return { value: p.id, label: extra ? `${p.name}${t('common.paren', { x: extra })}` : p.name };
    });
  return (
    <Flex vertical gap={6}>
      <Select
        data-testid="person-select"
        showSearch={{ optionFilterProp: 'label' }}
        loading={people.isLoading}
        value={value}
        onChange={onChange}
        options={options}
        style={{ width: '100%' }}
      />
      <Checkbox checked={unposted} onChange={(e) => setUnposted(e.target.checked)}>
        {t('editor.form.onlyUnposted')}
      </Checkbox>
    </Flex>
  );
}
