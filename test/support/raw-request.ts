import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Milliseconds from the request's start to the response's status line. */
  afterMs: number;
}

export interface RawRequest {
  write(chunk: string | Buffer): void;
  end(chunk?: string | Buffer): void;
  destroy(): void;
  /** The server's answer, whether or not the body was sent in full. */
  response: Promise<RawResponse>;
}

/**
 * A request whose body the test sends piece by piece (or never finishes): for checking what the
 * server does with a body that is still arriving, cut off or refused before it is read.
 */
export function rawRequest(url: string, method: string, headers: Record<string, string | number>): RawRequest {
  const started = Date.now();
  const request = http.request(url, { method, headers });
  const response = new Promise<RawResponse>((resolve, reject) => {
    request.on('response', (res) => {
      const afterMs = Date.now() - started;
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, afterMs }));
      res.on('error', reject);
    });
    request.on('error', reject);
  });
  response.catch(() => undefined); // a test that only destroys the request need not await it
  return {
    write: (chunk) => void request.write(chunk),
    end: (chunk) => void request.end(chunk),
    destroy: () => request.destroy(),
    response,
  };
}

/** A multipart/form-data body built from parts, with the boundary used. */
export function multipartBody(parts: ({ name: string; value: string } | { name: string; fileName: string; data: Buffer })[]): {
  boundary: string;
  body: Buffer;
} {
  const boundary = 'raw-boundary-5b1e';
  const pieces = parts.flatMap((part) =>
    'data' in part
      ? [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\n\r\n`,
          ),
          part.data,
          Buffer.from('\r\n'),
        ]
      : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`)],
  );
  return { boundary, body: Buffer.concat([...pieces, Buffer.from(`--${boundary}--\r\n`)]) };
}
