/** Pick two structures and show their diff. */
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../api/keys';
import { getDiff } from '../../../api/structures';
import type { StructureListItem } from '../../../api/types';
import { useVillage } from '../../../lib/village';
import { PageLoading } from '../../components/PageLoading';
import { QueryError } from '../../components/QueryError';
import { StructureDiffView } from './StructureDiffView';

export function DiffPicker({ structures, phone }: { structures: StructureListItem[]; phone: boolean }) {
  const { t } = useTranslation();
  const { village } = useVillage();
  const active = structures.find((s) => s.status === 'active');
  const [from, setFrom] = useState<string | undefined>(active?.id);
  const [to, setTo] = useState<string | undefined>(structures.find((s) => s.status === 'draft')?.id);
  const [pair, setPair] = useState<[string, string] | null>(null);
  const diff = useQuery({
    queryKey: keys.diff(village, pair?.[0] ?? '', pair?.[1] ?? ''),
    queryFn: () => getDiff(village, pair![0], pair![1]),
    enabled: !!pair,
  });
  const options = structures.map((s) => ({
    value: s.id,
    label: `${s.name}${t('common.paren', { x: t(`structureStatus.${s.status}`) })}`,
  }));
  const width = phone ? '100%' : 280;
  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Select
          data-testid="diff-from"
          placeholder={t('structures.diffFrom')}
          value={from}
          onChange={setFrom}
          options={options}
          style={{ width }}
        />
        <span>→</span>
        <Select
          data-testid="diff-to"
          placeholder={t('structures.diffTo')}
          value={to}
          onChange={setTo}
          options={options}
          style={{ width }}
        />
        <Button
          type="primary"
          disabled={!from || !to || from === to}
          onClick={() => setPair([from!, to!])}
          data-testid="diff-run"
        >
          {t('structures.compare')}
        </Button>
      </Flex>
      {pair &&
        (diff.isLoading ? (
          <PageLoading />
        ) : diff.error || !diff.data ? (
          <QueryError error={diff.error} />
        ) : (
          <StructureDiffView diff={diff.data} />
        ))}
    </>
  );
}
