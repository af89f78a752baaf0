import { Grid } from 'antd';

/** Phone layout below antd's `md` breakpoint (768 px). Before the first measurement, ask the window. */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.md === undefined) return typeof window !== 'undefined' && window.innerWidth < 768;
  return !screens.md;
}
