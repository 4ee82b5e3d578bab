/**
 * A minimal PNG writer: an 8-bit greyscale image, white with one dark pixel per row — the stroke a
 * signature pad leaves. The demo year signs its records with it and the attachment tests upload it,
 * so both carry real, decodable PNGs without binary fixtures.
 */
import { crc32, deflateSync } from 'node:zlib';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** A w×h greyscale PNG, white with a dark pixel in each row y at column strokeAt(y) (clamped into the row). */
export function strokePng(w: number, h: number, strokeAt: (y: number) => number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 0; // bit depth 8, colour type 0 (greyscale)
  const raw = Buffer.alloc((w + 1) * h, 255);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0; // filter type None
    raw[y * (w + 1) + 1 + Math.min(w - 1, Math.max(0, Math.floor(strokeAt(y))))] = 0;
  }
  return Buffer.concat([PNG_MAGIC, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
