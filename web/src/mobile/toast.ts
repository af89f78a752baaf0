/** A phone Toast, loaded on first use: its animation library is not part of the first screen. */
import type { ToastShowProps } from 'antd-mobile';

export function toast(props: ToastShowProps) {
  void import('antd-mobile/es/components/toast').then((m) => m.default.show(props));
}
