/** My households: those of my grid (the server scopes the list), searchable, loaded page by page. */
import { useInfiniteQuery } from '@tanstack/react-query';
import { InfiniteScroll, List, SearchBar } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { searchHouseholds } from '../../api/registry';
import { LoadError, Loading } from '../common';
import { usePrefetchForOffline } from './offlineReads';

const PAGE = 30;

export function HouseholdsTab({ village }: { village: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const list = useInfiniteQuery({
    queryKey: ['m-households', village, q],
    queryFn: ({ pageParam }) => searchHouseholds(village, { q: q || undefined, page: pageParam, pageSize: PAGE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  usePrefetchForOffline(village, q ? [] : (list.data?.pages[0]?.items ?? []).map((h) => h.id));
  return (
    <>
      <div style={{ padding: '12px 12px 0' }}>
        <SearchBar
          placeholder={t('points.m.field.search')}
          onSearch={setQ}
          onClear={() => setQ('')}
          style={{ '--height': '44px', '--border-radius': '22px' }}
          data-testid="m-household-search"
        />
      </div>
      {list.isLoading ? (
        <Loading />
      ) : list.error ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <>
          <div className="wg-m-title wg-m-muted" style={{ fontWeight: 400 }}>
            {t('points.m.field.householdCount', { n: total })}
          </div>
          <List className="wg-m-list" data-testid="m-households">
            {rows.map((h) => (
              <List.Item
                key={h.id}
                data-testid="m-household"
                data-number={h.number}
                onClick={() => navigate(`/m/field/household/${h.id}`)}
                description={h.address}
                extra={h.grid?.code}
              >
                <span style={{ fontSize: 18, fontWeight: 600 }}>{h.number}</span>{' '}
                <span style={{ fontSize: 18 }}>{h.head ?? h.name ?? ''}</span>
              </List.Item>
            ))}
          </List>
          <InfiniteScroll loadMore={async () => void (await list.fetchNextPage())} hasMore={!!list.hasNextPage}>
            {list.hasNextPage
              ? t('common.loading')
              : rows.length
                ? t('points.m.field.allShown')
                : t('points.m.field.noHouseholds')}
          </InfiniteScroll>
        </>
      )}
    </>
  );
}
