/** An error answer from the server: its status, its sentence, and when to try again (429, 503). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type TokenSource = () => Promise<string | null>;
let currentToken: TokenSource = () => Promise.resolve(null);
let onUnauthorized: () => void = () => undefined;

/** Where calls get their access token, and what a 401 means (the session is over). */
export function configureAuth(source: TokenSource, unauthorized: () => void): void {
  currentToken = source;
  onUnauthorized = unauthorized;
}

export async function authorizationHeader(): Promise<Record<string, string>> {
  const token = await currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** The server's error body is `{statusCode, message, detail}`; message may be a list (validation). */
function messageOf(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const { message, detail } = body as { message?: unknown; detail?: unknown };
    if (Array.isArray(message)) return message.join('; ');
    if (typeof message === 'string') return message;
    if (typeof detail === 'string') return detail;
  }
  return fallback;
}

export async function errorFrom(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  if (response.status === 401) onUnauthorized();
  return new ApiError(
    response.status,
    messageOf(body, text || response.statusText),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  json?: unknown;
  signal?: AbortSignal;
  /** Public routes (share pages, config) send no token. */
  anonymous?: boolean;
}

/** A call to the server's API; resolves to the parsed JSON (undefined for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = options.anonymous ? {} : await authorizationHeader();
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    signal: options.signal,
  });
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Fetches a file the API serves as an attachment and hands it to the browser as a download. */
export async function download(path: string, options: { anonymous?: boolean } = {}): Promise<void> {
  const headers = options.anonymous ? {} : await authorizationHeader();
  const response = await fetch(path, { headers });
  if (!response.ok) throw await errorFrom(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name ? decodeURIComponent(name) : (plain ?? 'download');
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
