import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { contentDisposition } from '../audio/file-name.js';

/** A file made from a transcription (transcript, summary document, guideline), ready to send. */
export interface DownloadableFile {
  body: string | Buffer;
  contentType: string;
  /** The name the browser saves it under. */
  fileName: string;
}

/** Sends the file as an attachment (text as UTF-8). */
export function sendDocument(response: Response, file: DownloadableFile): void {
  response
    .status(HttpStatus.OK)
    .setHeader('Content-Type', file.contentType)
    .setHeader('Content-Disposition', contentDisposition(file.fileName))
    .send(typeof file.body === 'string' ? Buffer.from(file.body, 'utf8') : file.body);
}
