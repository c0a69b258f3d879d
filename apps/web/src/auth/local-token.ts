const STORAGE_KEY = 'ws.token';

/**
 * Local mode signs in with a link `/#token=…`: the fragment never reaches the server (logs,
 * proxies), and it is taken out of the address bar at once so it stays out of history and
 * screenshots. The token is then kept in this browser.
 */
export function takeTokenFromLocation(): void {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  localStorage.setItem(STORAGE_KEY, decodeURIComponent(match[1]!));
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

export const localToken = {
  get: (): string | null => localStorage.getItem(STORAGE_KEY),
  set: (token: string): void => localStorage.setItem(STORAGE_KEY, token),
  clear: (): void => localStorage.removeItem(STORAGE_KEY),
};
