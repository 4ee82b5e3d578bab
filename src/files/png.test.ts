import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, inflateSync } from 'node:zlib';
import { sniffMedia } from '../domain/media.ts';
import { strokePng } from './png.ts';

/** The chunks of a PNG as [type, data], each CRC checked. */
function chunks(png: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    const data = png.subarray(at + 8, at + 8 + len);
    assert.equal(png.readUInt32BE(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)) >>> 0, `CRC of ${type}`);
    out.push([type, data]);
    at += 12 + len;
  }
  return out;
}

test('a 4×3 stroke PNG: magic, IHDR 4×3 greyscale 8-bit, one dark pixel per row, columns clamped (−5 → 0, 9 → 3)', () => {
  const png = strokePng(4, 3, (y) => [-5, 1.7, 9][y]!);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const cs = chunks(png);
  assert.deepEqual(cs.map(([t]) => t), ['IHDR', 'IDAT', 'IEND']);
  const ihdr = cs[0]![1];
  assert.deepEqual([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]], [4, 3, 8, 0]);
  const rows = inflateSync(cs[1]![1]);
  assert.deepEqual([...rows], [0, 0, 255, 255, 255, /**/ 0, 255, 0, 255, 255, /**/ 0, 255, 255, 255, 0]);
  assert.equal(sniffMedia(png)?.mime, 'image/png');
});
