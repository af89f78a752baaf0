/** Choose grids of a structure (searchable by code and name). */
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { gridsOf } from '../tree';
import type { TreeNode } from '../../../api/types';

export interface GridSelectProps {
  nodes: TreeNode[];
  exclude?: string[];
  value?: string | string[];
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
  testId?: string;
}

export function GridSelect({ nodes, exclude = [], value, onChange, multiple, testId }: GridSelectProps) {
  const { t } = useTranslation();
  const options = gridsOf(nodes)
    .filter((g) => !exclude.includes(g.id))
    .map((g) => ({
      value: g.id,
      label: `${g.code} ${g.name}${t('common.paren', { x: t('overview.hh', { n: g.households + g.units }) })}`,
    }));
  return (
    <Select
      data-testid={testId}
      showSearch={{ optionFilterProp: 'label' }}
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={onChange}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
