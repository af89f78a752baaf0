/** The village board (with the open period's label), shared by several pages. */
import { useQuery } from '@tanstack/react-query';
import { pk } from '../../../api/keys';
import { getBoard } from '../../../api/points';

export function useBoard(village: string) {
  return useQuery({ queryKey: pk.board(village), queryFn: () => getBoard(village) });
}
