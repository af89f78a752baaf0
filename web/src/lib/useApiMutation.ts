/** useMutation that reports failures (in the current language) and success with antd's message. */
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { errorText } from '../api/client';

export interface ApiMutationOptions<TData, TVars> {
  /** Success message, or a function of the result. */
  success?: string | ((data: TData, vars: TVars) => string);
  /** Query keys (prefixes) to refetch after success. */
  invalidate?: QueryKey[];
  onSuccess?: (data: TData, vars: TVars) => void;
  /** Return true when the error was handled (no toast). */
  onError?: (err: unknown, vars: TVars) => boolean | void;
}

export function useApiMutation<TData, TVars = void>(
  fn: (vars: TVars) => Promise<TData>,
  opts: ApiMutationOptions<TData, TVars> = {},
) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  return useMutation<TData, unknown, TVars>({
    mutationFn: fn,
    onSuccess: async (data, vars) => {
      await Promise.all((opts.invalidate ?? []).map((queryKey) => qc.invalidateQueries({ queryKey })));
      const text = typeof opts.success === 'function' ? opts.success(data, vars) : opts.success;
      if (text) void message.success(text);
      opts.onSuccess?.(data, vars);
    },
    onError: (err, vars) => {
      if (opts.onError?.(err, vars)) return;
      void message.error(errorText(err));
    },
  });
}
