/** The record PDF prints a photo's embedded preview instead of the whole file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pdfImage } from './inspection-record-pdf.ts';
import { renderPdf, a4Document } from '../../files/pdf.ts';
import { largePhotoWithPreview, pngSignature, TINY_JPEG } from '../../testing/media-fixtures.ts';

const dataLength = (c: unknown) => Buffer.from((c as { image: string }).image.split(',')[1]!, 'base64').length;

test('a 400 KB phone photo is printed from its 760-byte EXIF preview; PNG and preview-less JPEGs as they are', async () => {
  const photo = largePhotoWithPreview('2025:04:10 09:30:00', 400);
  const cell = pdfImage('image/jpeg', photo, [150, 110]);
  assert.ok(cell && dataLength(cell) < 1024, `the preview is embedded (${cell && dataLength(cell)} bytes)`);
  const plain = pdfImage('image/jpeg', TINY_JPEG, [150, 110]);
  assert.equal(dataLength(plain), TINY_JPEG.length);
  const png = pngSignature();
  assert.equal(dataLength(pdfImage('image/png', png, [140, 50])), png.length);
  assert.equal(pdfImage('image/gif', png, [140, 50]), null);
  // The whole document stays small: the photo's 400 KB never reach the PDF.
  const withPreview = await renderPdf(a4Document({ title: '照片', content: [cell!] }));
  const whole = await renderPdf(a4Document({ title: '照片', content: [{ image: `data:image/jpeg;base64,${photo.toString('base64')}`, fit: [150, 110] }] }));
  assert.ok(whole.length - withPreview.length > 350 * 1024, `PDF ${withPreview.length} bytes with the preview, ${whole.length} with the whole photo`);
});
