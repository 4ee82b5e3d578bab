/**
 * Content-addressed file storage under the data folder: a file lives at files/ab/<sha256>, written
 * through a temporary file and renamed, so the same bytes are stored once and no name a user chose
 * ever reaches the file system (no path traversal).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const SHA = /^[0-9a-f]{64}$/;

/** Where the blob `sha256` lives (throws on anything that is not a SHA-256 hex digest). */
export function blobPath(filesDir: string, sha256: string): string {
  if (!SHA.test(sha256)) throw new Error(`not a sha256: ${sha256.slice(0, 80)}`);
  return join(filesDir, sha256.slice(0, 2), sha256);
}

export interface StoredBlob { sha256: string; size: number; head: Buffer; path: string }

/**
 * Streams `input` into the store (stopping with `tooLarge` once `maxBytes` is passed) and returns
 * its digest, size and first 64 KiB (enough to sniff the type and read a JPEG's EXIF).
 */
export async function storeBlob(filesDir: string, input: Readable, maxBytes: number): Promise<StoredBlob | { tooLarge: true }> {
  await mkdir(filesDir, { recursive: true });
  const tmp = join(filesDir, `.upload-${randomBytes(12).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  let over = false;
  const chunks: Buffer[] = [];
  let headLen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) { over = true; done(); return; }
      hash.update(chunk);
      if (headLen < 65536) { chunks.push(chunk); headLen += chunk.length; }
      done(null, chunk);
    },
  });
  try {
    await pipeline(input, meter, createWriteStream(tmp));
    if (over || (input as Readable & { truncated?: boolean }).truncated) { await rm(tmp, { force: true }); return { tooLarge: true }; }
    const sha256 = hash.digest('hex');
    const path = blobPath(filesDir, sha256);
    await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
    if (await stat(path).then(() => true, () => false)) await rm(tmp, { force: true });
    else await rename(tmp, path);
    return { sha256, size, head: Buffer.concat(chunks).subarray(0, 65536), path };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A stored blob as a stream. */
export function readBlob(filesDir: string, sha256: string): Readable {
  return createReadStream(blobPath(filesDir, sha256));
}

/** A stored blob's bytes (small files: signatures, thumbnails for the PDF). */
export async function readBlobBytes(filesDir: string, sha256: string): Promise<Buffer> {
  const fh = await open(blobPath(filesDir, sha256), 'r');
  try { return await fh.readFile(); } finally { await fh.close(); }
}
