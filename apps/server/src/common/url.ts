/** `relativePath` (no leading slash) under `base`, keeping base's own path: ("https://x.io/app", "api/y") → "https://x.io/app/api/y". */
export function urlUnder(base: string, relativePath: string): string {
  return new URL(relativePath, base.endsWith('/') ? base : `${base}/`).toString();
}
