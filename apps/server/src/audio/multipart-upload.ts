import type { Readable } from 'node:stream';
import { BadRequestException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';

export interface UploadedFields {
  fileName: string;
  fields: Record<string, string>;
}

const MAX_FIELDS = 16;
/** Room for a 2,000-character summary instruction in any script (UTF-8: up to 4 bytes a character). */
const MAX_FIELD_BYTES = 8192;

/** The request failed after `consume` had started: the error it answers with. */
class MultipartFailure extends Error {
  constructor(readonly reason: Error) {
    super('multipart upload failed');
  }
}

/**
 * Streams a multipart/form-data request: the part named `fileField` goes to `consume` as it
 * arrives (never buffered whole); other parts must be small text fields. Resolves when the body
 * is read and `consume` is done.
 *
 * Whatever goes wrong, wherever in the body (a second file, too many or too long fields, before
 * or after the file, a client hanging up), the outcome is the same: the file stream is destroyed
 * with the error, so `consume` fails at once and removes what it wrote; parts that come after
 * are ignored unread; the promise rejects as soon as `consume` has cleaned up. The rest of the
 * body is drained in the background, so the client gets the error response rather than a reset.
 */
export async function receiveMultipart<T>(
  request: Request,
  fileField: string,
  consume: (file: Readable, fileName: string) => Promise<T>,
): Promise<UploadedFields & { result: T }> {
  if (!request.is('multipart/form-data')) {
    throw new BadRequestException(`send the file as multipart/form-data with the field "${fileField}"`);
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // One more file than allowed, so a second one arrives as a 'file' event that we refuse.
      limits: { files: 2, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 2 },
      defParamCharset: 'utf8', // browsers send UTF-8 file names
    });
  } catch (error) {
    throw new BadRequestException(`malformed multipart request: ${(error as Error).message}`);
  }

  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let consuming: Promise<T> | undefined;
    let fileStream: Readable | undefined;
    let fileName = '';
    let failed = false;

    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume();
      fileStream?.destroy(new MultipartFailure(error));
      const settle = () => reject(error);
      if (consuming) consuming.then(settle, settle);
      else settle();
    };

    parser.on('file', (name, stream, info) => {
      if (failed) {
        stream.resume();
        return;
      }
      if (consuming) {
        stream.resume();
        fail(new BadRequestException(`send exactly one file (a second one came in the field "${name}")`));
        return;
      }
      if (name !== fileField) {
        stream.resume();
        fail(new BadRequestException(`unexpected file field "${name}": send the audio as "${fileField}"`));
        return;
      }
      fileName = decodeFormFileName(info.filename ?? '');
      fileStream = stream;
      consuming = consume(stream, fileName);
      // The consumer's own error wins over the MultipartFailure it sees when we destroyed its source.
      consuming.catch((error: unknown) => {
        if (error instanceof MultipartFailure) fail(error.reason);
        else fail(error instanceof Error ? error : new Error(String(error)));
      });
    });
    parser.on('field', (name, value, info) => {
      if (failed) return;
      if (info.valueTruncated) fail(new BadRequestException(`field "${name}" is longer than ${MAX_FIELD_BYTES} bytes`));
      // A list field (`name[]`, as OpenAI's clients send timestamp_granularities[]) gathers its values, comma-separated.
      else fields[name] = name.endsWith('[]') && fields[name] !== undefined ? `${fields[name]},${value}` : value;
    });
    parser.on('filesLimit', () => fail(new BadRequestException('send exactly one file')));
    parser.on('fieldsLimit', () => fail(new BadRequestException(`too many form fields (at most ${MAX_FIELDS})`)));
    parser.on('partsLimit', () => fail(new BadRequestException('too many form parts')));
    parser.on('error', (error: Error) => fail(new BadRequestException(`malformed multipart request: ${error.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (!consuming) {
        fail(new BadRequestException(`no file: send the audio in the multipart field "${fileField}"`));
        return;
      }
      consuming.then(
        (result) => resolve({ fileName, fields, result }),
        () => undefined,
      );
    });
    const interrupted = () => fail(new BadRequestException('the upload was interrupted'));
    request.on('error', interrupted);
    request.on('close', () => {
      if (!request.complete) interrupted();
    });
    request.pipe(parser);
  });
}

/** Browsers send `"`, CR and LF in multipart file names as %22, %0D and %0A (HTML's form encoding). */
function decodeFormFileName(raw: string): string {
  return raw.replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}
