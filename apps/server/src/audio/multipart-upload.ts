import type { Readable } from 'node:stream';
import { BadRequestException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';

export interface UploadedFields {
  fileName: string;
  fields: Record<string, string>;
}

const MAX_FIELDS = 10;

/**
 * Streams a multipart/form-data request: the part named `fileField` goes to `consume` as it
 * arrives (never buffered whole); other parts must be small text fields. Resolves when the body
 * is read and `consume` is done. After a failure the rest of the body is drained, so the client
 * receives the error response instead of a reset connection.
 */
export async function receiveMultipart<T>(
  request: Request,
  fileField: string,
  consume: (file: Readable, fileName: string) => Promise<T>,
): Promise<UploadedFields & { result: T }> {
  if (!request.is('multipart/form-data')) {
    throw new BadRequestException('send the file as multipart/form-data with the field "file"');
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      limits: { files: 1, fields: MAX_FIELDS, fieldSize: 1024, parts: MAX_FIELDS + 1 },
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
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      fileStream?.destroy(); // a consumer waiting for more bytes gives up and cleans up
      request.resume(); // drain: the response goes out once the client has sent its body
      const settle = () => reject(error);
      // Let a running consumer clean up (remove its partial file) before answering.
      if (consuming) consuming.then(settle, settle);
      else settle();
    };

    parser.on('file', (name, stream, info) => {
      if (name !== fileField) {
        stream.resume();
        fail(new BadRequestException(`unexpected file field "${name}": send the audio as "${fileField}"`));
        return;
      }
      fileName = decodeFormFileName(info.filename ?? '');
      fileStream = stream;
      consuming = consume(stream, fileName);
      consuming.catch(fail);
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new BadRequestException(`field "${name}" is too long`));
      else fields[name] = value;
    });
    parser.on('filesLimit', () => fail(new BadRequestException('send exactly one file')));
    parser.on('fieldsLimit', () => fail(new BadRequestException('too many form fields')));
    parser.on('partsLimit', () => fail(new BadRequestException('too many form parts')));
    parser.on('error', (error: Error) => fail(new BadRequestException(`malformed multipart request: ${error.message}`)));
    parser.on('close', () => {
      if (failed) return;
      if (!consuming) {
        fail(new BadRequestException(`no file: send the audio in the multipart field "${fileField}"`));
        return;
      }
      consuming.then((result) => resolve({ fileName, fields, result }), fail);
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
