/** Household search: name, number, address or ID number; kind filter; optional grid-node scope. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Flex, Input, Select, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { keys } from '../../../api/keys';
import { searchHouseholds } from '../../../api/registry';
import { getTree } from '../../../api/structures';
import type { HouseholdKind } from '../../../api/types';
import { useIsPhone } from '../../../lib/useIsPhone';
import { useVillage } from '../../../lib/village';
import { HouseholdCards } from '../components/HouseholdCards';
import { HouseholdTable } from '../components/HouseholdTable';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';

const kinds: HouseholdKind[] = ['household', 'shop', 'institution', 'other'];

export default function HouseholdsPage() {
  const { t } = useTranslation();
  const { village } = useVillage();
  const navigate = useNavigate();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = (params.get('kind') as HouseholdKind | null) ?? undefined;
  const node = params.get('node') ?? undefined;
  const withoutGrid = params.get('withoutGrid') === '1';
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('size') ?? 20) || 20;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch))
      if (v) next.set(k, v);
      else next.delete(k);
    setParams(next, { replace: true });
  };

  const f = { q: q || undefined, kind, node, withoutGrid: withoutGrid || undefined, page, pageSize };
  const result = useQuery({
    queryKey: keys.households(village, f),
    queryFn: () => searchHouseholds(village, f),
    placeholderData: keepPreviousData,
  });
  const tree = useQuery({
    queryKey: keys.tree(village, 'active'),
    queryFn: () => getTree(village, 'active'),
    enabled: !!node,
  });
  const scope = node ? tree.data?.nodes.find((n) => n.id === node) : undefined;

  const list = {
    rows: result.data?.items ?? [],
    total: result.data?.total ?? 0,
    page,
    pageSize,
    loading: result.isFetching,
    onPage: (p: number, size: number) => update({ page: String(p), size: size === 20 ? undefined : String(size) }),
    onOpen: (r: { id: string }) => navigate(`/console/households/${r.id}`),
  };

  return (
    <>
      <PageTitle title={t('households.title')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          data-testid="household-search"
          allowClear
          enterButton
          placeholder={t('households.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => update({ q: v.trim() || undefined, page: undefined })}
          style={{ flex: phone ? '1 1 100%' : '0 1 420px' }}
        />
        <Select<HouseholdKind | ''>
          data-testid="kind-filter"
          value={kind ?? ''}
          onChange={(v) => update({ kind: v || undefined, page: undefined })}
          style={{ width: phone ? '100%' : 160 }}
          options={[
            { value: '', label: t('households.kindAll') },
            ...kinds.map((k) => ({ value: k, label: t(`householdKind.${k}`) })),
          ]}
        />
        {node && (
          <Tag
            closable
            color="blue"
            onClose={() => update({ node: undefined, page: undefined })}
            style={{ alignSelf: 'center', fontSize: 14, padding: '2px 8px' }}
            data-testid="node-filter"
          >
            {t('households.node', { name: scope ? `${scope.code} ${scope.name}` : '…' })}
          </Tag>
        )}
        {withoutGrid && (
          <Tag
            closable
            color="warning"
            onClose={() => update({ withoutGrid: undefined, page: undefined })}
            style={{ alignSelf: 'center', fontSize: 14, padding: '2px 8px' }}
            data-testid="without-grid-filter"
          >
            {t('households.withoutGrid')}
          </Tag>
        )}
      </Flex>
      {result.error ? (
        <QueryError error={result.error} onRetry={() => result.refetch()} />
      ) : phone ? (
        <HouseholdCards {...list} />
      ) : (
        <HouseholdTable {...list} />
      )}
    </>
  );
}
