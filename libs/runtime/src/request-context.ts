import { AsyncLocalStorage } from 'node:async_hooks';

/** What the app knows about the request a piece of work belongs to. */
export interface RequestContext {
  requestId: string;
}

/**
 * The request being served, wherever the code is (a service, a repository): set once per request
 * by the server's request-id middleware, read by the logger so every line can be traced back to it.
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();
