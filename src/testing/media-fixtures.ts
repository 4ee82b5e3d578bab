/**
 * Small real files for attachment tests: a valid PNG (a signature stroke) and a JPEG header carrying
 * an EXIF DateTimeOriginal, built byte by byte so the tests need no binary fixtures.
 */
import { strokePng } from '../files/png.ts';

/** A w×h greyscale PNG with a dark diagonal (a "signature"). */
export function pngSignature(w = 40, h = 20): Buffer {
  return strokePng(w, h, (y) => (y * w) / h);
}

/** A real 16×12 baseline JPEG (blue), 760 bytes, made once with Chromium's screenshot encoder. */
export const TINY_JPEG = Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAMABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIADg9//2Q==', 'base64');

/**
 * A JPEG start with an APP1 EXIF segment whose DateTimeOriginal is `when` ('YYYY:MM:DD HH:MM:SS'),
 * little-endian TIFF; with `thumbnail`, IFD1 carries it as the embedded preview (0x0201/0x0202).
 */
export function jpegWithExif(when: string, body: Buffer = Buffer.alloc(0), thumbnail?: Buffer): Buffer {
  const ifd1 = thumbnail ? 2 + 2 * 12 + 4 : 0;
  const tiff = Buffer.alloc(8 + 2 + 12 + 4 + 2 + 12 + 4 + 20 + ifd1);
  tiff.write('II', 0, 'ascii'); tiff.writeUInt16LE(42, 2); tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8); // IFD0: one entry, the Exif IFD pointer
  tiff.writeUInt16LE(0x8769, 10); tiff.writeUInt16LE(4, 12); tiff.writeUInt32LE(1, 14); tiff.writeUInt32LE(26, 18);
  tiff.writeUInt32LE(thumbnail ? 64 : 0, 22); // next IFD: IFD1 (the thumbnail's)
  tiff.writeUInt16LE(1, 26); // Exif IFD: DateTimeOriginal
  tiff.writeUInt16LE(0x9003, 28); tiff.writeUInt16LE(2, 30); tiff.writeUInt32LE(20, 32); tiff.writeUInt32LE(44, 36);
  tiff.writeUInt32LE(0, 40);
  tiff.write(`${when}\0`, 44, 'ascii');
  if (thumbnail) {
    tiff.writeUInt16LE(2, 64);
    tiff.writeUInt16LE(0x0201, 66); tiff.writeUInt16LE(4, 68); tiff.writeUInt32LE(1, 70); tiff.writeUInt32LE(64 + ifd1, 74);
    tiff.writeUInt16LE(0x0202, 78); tiff.writeUInt16LE(4, 80); tiff.writeUInt32LE(1, 82); tiff.writeUInt32LE(thumbnail.length, 86);
    tiff.writeUInt32LE(0, 90);
  }
  const app1 = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff, thumbnail ?? Buffer.alloc(0)]);
  const len = Buffer.alloc(2); len.writeUInt16BE(app1.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), len, app1, body.length ? body : Buffer.from([0xff, 0xd9])]);
}

/**
 * A drawable JPEG of about `kb` KB (comment segments stand in for a camera's pixel data) with its
 * EXIF capture time and, like a phone photo, the small TINY_JPEG embedded as its preview.
 */
export function largePhotoWithPreview(when: string, kb = 400): Buffer {
  const comments: Buffer[] = [];
  for (let left = kb * 1024; left > 0; left -= 65000) {
    const n = Math.min(65000, left);
    const seg = Buffer.alloc(4 + n, 0x20);
    seg[0] = 0xff; seg[1] = 0xfe; seg.writeUInt16BE(n + 2, 2);
    comments.push(seg);
  }
  return jpegWithExif(when, Buffer.concat([...comments, TINY_JPEG.subarray(2)]), TINY_JPEG);
}
