/** Type sniffing from bytes (never the name) and the EXIF capture time of a JPEG. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exifDateTimeOriginal, exifThumbnail, sniffMedia } from './media.ts';
import { jpegWithExif, largePhotoWithPreview, pngSignature, TINY_JPEG } from '../testing/media-fixtures.ts';

test('sniffs photos, video, audio and documents by their magic bytes; anything else is refused', () => {
  const b = (s: string, pad = 16) => Buffer.concat([Buffer.from(s, 'binary'), Buffer.alloc(pad)]);
  assert.deepEqual(sniffMedia(jpegWithExif('2025:04:10 09:30:00')), { kind: 'photo', mime: 'image/jpeg' });
  assert.deepEqual(sniffMedia(pngSignature()), { kind: 'photo', mime: 'image/png' });
  assert.equal(sniffMedia(b('\0\0\0\x18ftypisom'))!.mime, 'video/mp4');
  assert.equal(sniffMedia(b('\0\0\0\x14ftypqt  '))!.mime, 'video/quicktime');
  assert.equal(sniffMedia(b('\0\0\0\x20ftypM4A '))!.kind, 'audio');
  assert.equal(sniffMedia(b('RIFF\0\0\0\0WAVEfmt '))!.mime, 'audio/wav');
  assert.equal(sniffMedia(b('ID3\x04'))!.mime, 'audio/mpeg');
  assert.equal(sniffMedia(b('%PDF-1.7'))!.kind, 'document');
  assert.equal(sniffMedia(b('<html><script>')), null);
  assert.equal(sniffMedia(b('MZ\x90\0')), null);
});

test('EXIF DateTimeOriginal 2025:04:10 09:30:00 is read as Beijing time (01:30 UTC); none or malformed gives null', () => {
  assert.equal(exifDateTimeOriginal(jpegWithExif('2025:04:10 09:30:00')), '2025-04-10T01:30:00.000Z');
  assert.equal(exifDateTimeOriginal(jpegWithExif('2025:13:40 99:30:00')), null);
  assert.equal(exifDateTimeOriginal(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 4, 0, 0, 0xff, 0xd9])), null);
  assert.equal(exifDateTimeOriginal(pngSignature()), null);
});

test('the EXIF preview (IFD1 JPEGInterchangeFormat) of a photo is found; none, cut off or not a JPEG gives null', () => {
  const photo = largePhotoWithPreview('2025:04:10 09:30:00', 200);
  assert.ok(photo.length > 200 * 1024);
  assert.deepEqual(Buffer.from(exifThumbnail(photo)!), TINY_JPEG);
  assert.equal(exifDateTimeOriginal(photo), '2025-04-10T01:30:00.000Z', 'the capture time is still read');
  assert.equal(exifThumbnail(jpegWithExif('2025:04:10 09:30:00')), null, 'no IFD1');
  const wrong = jpegWithExif('2025:04:10 09:30:00', Buffer.alloc(0), Buffer.from('not a jpeg at all'));
  assert.equal(exifThumbnail(wrong), null, 'the preview must itself be a JPEG');
  const cut = jpegWithExif('2025:04:10 09:30:00', Buffer.alloc(0), TINY_JPEG);
  cut.writeUInt32LE(TINY_JPEG.length + 50, 4 + 2 + 6 + 86); // length past the segment
  assert.equal(exifThumbnail(cut), null);
  assert.equal(exifThumbnail(pngSignature()), null);
});
