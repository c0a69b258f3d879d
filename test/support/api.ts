/** A valid 16 kHz mono 16-bit WAV of a quiet tone, `bytes` long in all (at least 44). */
export function makeWav(bytes: number): Buffer {
  const dataLength = Math.max(0, bytes - 44) & ~1;
  const wav = Buffer.alloc(44 + dataLength);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + dataLength, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(16000, 24);
  wav.writeUInt32LE(32000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(dataLength, 40);
  for (let i = 0; i < dataLength / 2; i++) wav.writeInt16LE(Math.round(1000 * Math.sin(i / 8)), 44 + i * 2);
  return wav;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked with expect()
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  bytes: Buffer;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
}

/** fetch, with a bearer token and JSON/multipart bodies; the body parsed when it is JSON. */
export function apiClient(baseUrl: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked with expect()
  return async function call<T = any>(method: string, route: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      body = options.form;
    }
    const response = await fetch(baseUrl + route, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const isJson = response.headers.get('content-type')?.startsWith('application/json') && bytes.length > 0;
    return {
      status: response.status,
      headers: response.headers,
      body: (isJson ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8')) as T,
      bytes,
    };
  };
}

/** A multipart body with the audio under "file" (and any other fields). */
export function audioForm(
  bytes: Buffer,
  fileName: string,
  fields: Record<string, string> = {},
  type = 'application/octet-stream',
): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), fileName);
  return form;
}

export function expectErrorShape(body: unknown, statusCode: number): void {
  expect(body).toEqual({
    statusCode,
    error: expect.any(String),
    message: expect.any(String),
    detail: (body as { message?: unknown }).message,
    request_id: expect.any(String),
  });
}
