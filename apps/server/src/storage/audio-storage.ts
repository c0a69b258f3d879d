import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mkdir, readdir, rename, rm, stat, statfs, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { isUuid } from '@app/contracts';
import { ServerConfig } from '../config/server-config.js';

const TEMP_PREFIX = '.incoming-';

export interface StoredAudio {
  size: number;
  sha256: string;
}

/** The volume is full (or the quota reached) while writing; the partial file is already gone. */
export class StorageFullError extends Error {
  constructor() {
    super('the storage volume is full');
  }
}

export interface DiskSpace {
  totalBytes: number;
  usedBytes: number;
  /** What unprivileged users may still write (the root reserve excluded). */
  freeBytes: number;
}

/** Thrown when a stream grows past the allowed size; the partial file is already gone. */
export class AudioTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`audio is larger than ${limitBytes} bytes`);
  }
}

/**
 * Audio files on local disk under STORAGE_DIR, named by transcription id (never by the user's
 * file name). Writes go to a temporary name and are renamed into place when complete, so a crash
 * never leaves a half-written file under a real name; the storage sweep removes such partial
 * files once they are older than any upload can last (another replica may be writing a fresh one).
 */
@Injectable()
export class AudioStorage implements OnModuleInit {
  readonly directory: string;

  constructor(config: ServerConfig) {
    this.directory = config.storageDir;
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
  }

  pathFor(id: string): string {
    if (!isUuid(id)) throw new Error(`not a transcription id: ${id}`);
    return path.join(this.directory, id.toLowerCase());
  }

  /**
   * Streams `source` (through `inspect`, when given) to the file for `id`, computing size and
   * sha256 on the way. Past `maxBytes` the write stops with AudioTooLargeError. On any failure,
   * the source ending early included, nothing is left behind.
   */
  async write(id: string, source: Readable, maxBytes: number, inspect?: Transform): Promise<StoredAudio> {
    const finalPath = this.pathFor(id);
    const tempPath = path.join(this.directory, `${TEMP_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) {
          callback(new AudioTooLargeError(maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const out = createWriteStream(tempPath, { flags: 'wx', mode: 0o640 });
    try {
      await (inspect ? pipeline(source, inspect, meter, out) : pipeline(source, meter, out));
      await rename(tempPath, finalPath);
    } catch (error) {
      // A stream refused at its first bytes may still be opening its file: once closed, it is there to remove.
      if (!out.closed) await once(out, 'close').catch(() => undefined);
      await rm(tempPath, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      throw code === 'ENOSPC' || code === 'EDQUOT' ? new StorageFullError() : error;
    }
    return { size, sha256: hash.digest('hex') };
  }

  /** Size, use and free space of the volume that holds the audio. */
  async diskSpace(): Promise<DiskSpace> {
    const volume = await statfs(this.directory);
    return {
      totalBytes: volume.blocks * volume.bsize,
      usedBytes: (volume.blocks - volume.bfree) * volume.bsize,
      freeBytes: volume.bavail * volume.bsize,
    };
  }

  /** Deletes partial upload files last written before `cutoff`; returns their names. */
  async removePartialsOlderThan(cutoff: Date): Promise<string[]> {
    const removed: string[] = [];
    for (const name of await readdir(this.directory)) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      const info = await stat(path.join(this.directory, name)).catch(() => undefined); // finished meanwhile
      if (info && info.mtime < cutoff) {
        await rm(path.join(this.directory, name), { force: true });
        removed.push(name);
      }
    }
    return removed;
  }

  /** Size in bytes, or null when the file does not exist. */
  async size(id: string): Promise<number | null> {
    try {
      return (await stat(this.pathFor(id))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Deletes the file for `id`; a file that is already gone is not an error. */
  async delete(id: string): Promise<void> {
    try {
      await unlink(this.pathFor(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Every stored file (temporary files excluded) with its last modification time. */
  async list(): Promise<{ id: string; modifiedAt: Date }[]> {
    const names = (await readdir(this.directory)).filter((name) => isUuid(name));
    const files = await Promise.all(
      names.map(async (id) => {
        const info = await stat(path.join(this.directory, id)).catch(() => undefined); // deleted meanwhile
        return info ? { id, modifiedAt: info.mtime } : undefined;
      }),
    );
    return files.filter((file) => file !== undefined);
  }
}
