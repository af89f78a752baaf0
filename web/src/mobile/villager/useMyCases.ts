/**
 * My objections and my reports: the villager's own objections and those others made against the
 * household's points (the server lists nothing else to a villager), and the reports they filed.
 */
import { useQuery } from '@tanstack/react-query';
import { type ObjectionFilter, pk } from '../../api/keys';
import { getObjections, getReports } from '../../api/points';

const ours: ObjectionFilter = {};

export function useMyCases(village: string) {
  const objections = useQuery({ queryKey: pk.objections(village, ours), queryFn: () => getObjections(village, ours) });
  const reports = useQuery({
    queryKey: pk.reports(village),
    queryFn: () => getReports(village),
    select: (items) => items.filter((r) => r.mine),
  });
  /** Still waiting for a ruling: open or appealed objections, open reports. */
  const waiting =
    (objections.data ?? []).filter((o) => o.status === 'open' || o.status === 'appealed').length +
    (reports.data ?? []).filter((r) => r.status === 'open').length;
  return { objections, reports, waiting };
}
