import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './http';

/** Client errors (4xx) are answers, not hiccups: they are not retried. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});
