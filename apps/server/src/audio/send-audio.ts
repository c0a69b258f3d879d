import { stat } from 'node:fs/promises';
import { HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * RFC 9110: a suffix range longer than the representation (`bytes=-N`, N > size) selects all of
 * it. Express's range parser answers 416 for those, so they are rewritten to `0-` first.
 */
export function clampSuffixRanges(range: string, size: number): string {
  if (!/^\s*bytes=/i.test(range)) return range;
  return range.replace(/(=|,)(\s*)-(\d+)/g, (whole, lead: string, space: string, length: string) =>
    Number(length) > size ? `${lead}${space}0-` : whole,
  );
}

/**
 * Streams a stored audio file with HTTP Range support (206 for a range, 416 past the end), so an
 * interrupted download resumes. Express's sendFile does the range arithmetic and conditional
 * requests (ETag/Last-Modified, If-Range); a file that vanished meanwhile is a 404.
 */
export async function sendAudio(
  response: Response,
  filePath: string,
  contentType: string | null,
  disposition?: string,
): Promise<void> {
  const range = response.req.headers.range;
  if (range) {
    const size = await stat(filePath).then(
      (info) => info.size,
      () => undefined,
    );
    if (size !== undefined) response.req.headers.range = clampSuffixRanges(range, size);
  }
  return new Promise((resolve, reject) => {
    response.sendFile(
      filePath,
      {
        acceptRanges: true,
        cacheControl: false,
        dotfiles: 'allow',
        headers: {
          'Content-Type': contentType ?? 'application/octet-stream',
          'Cache-Control': 'private, no-store',
          ...(disposition ? { 'Content-Disposition': disposition } : {}),
        },
      },
      (error?: Error & { code?: string; status?: number; headers?: Record<string, string> }) => {
        if (!error) resolve();
        else if (error.code === 'ENOENT' || error.status === 404)
          reject(new NotFoundException('the audio file no longer exists'));
        else if (response.headersSent)
          resolve(); // the client went away mid-download
        else if (error.status === 416) {
          for (const [name, value] of Object.entries(error.headers ?? {})) response.setHeader(name, value);
          reject(new HttpException('the requested range is outside the file', HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE));
        } else if (error.status && error.status < 500) reject(new HttpException(error.message, error.status));
        else reject(error);
      },
    );
  });
}
