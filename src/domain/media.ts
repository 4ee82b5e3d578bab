/**
 * What an uploaded file is, from its bytes and never its name (RULES §4: text, photo, audio and video
 * records are archived), the size limit of each kind, and when a photo was taken (EXIF
 * DateTimeOriginal of a JPEG, read as China Standard Time). Pure.
 */

export type MediaKind = 'photo' | 'video' | 'audio' | 'document';
export interface Sniffed { kind: MediaKind; mime: string }

/** Size limits per kind (bytes); a signature is a small PNG drawn on screen. */
export const SIZE_LIMITS: Record<MediaKind | 'signature', number> = {
  photo: 20 * 1024 * 1024,
  video: 200 * 1024 * 1024,
  audio: 50 * 1024 * 1024,
  document: 20 * 1024 * 1024,
  signature: 1024 * 1024,
};
export const KIND_LABELS: Record<MediaKind | 'signature', string> = { photo: '照片', video: '视频', audio: '录音', document: '文档', signature: '签名' };

const ascii = (b: Uint8Array, at: number, s: string) => [...s].every((c, i) => b[at + i] === c.charCodeAt(0));
const starts = (b: Uint8Array, bytes: number[]) => bytes.every((x, i) => b[i] === x);

/** The kind and MIME type of a file from its first bytes (≥ 16 needed), or null when not an accepted type. */
export function sniffMedia(b: Uint8Array): Sniffed | null {
  if (starts(b, [0xff, 0xd8, 0xff])) return { kind: 'photo', mime: 'image/jpeg' };
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'photo', mime: 'image/png' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { kind: 'photo', mime: 'image/webp' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return { kind: 'audio', mime: 'audio/wav' };
  if (ascii(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(...b.slice(8, 12));
    if (/^(heic|heix|mif1|msf1)$/.test(brand)) return { kind: 'photo', mime: 'image/heic' };
    if (/^M4A /.test(brand)) return { kind: 'audio', mime: 'audio/mp4' };
    if (brand === 'qt  ') return { kind: 'video', mime: 'video/quicktime' };
    return { kind: 'video', mime: 'video/mp4' };
  }
  if (starts(b, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: 'video', mime: 'video/webm' };
  if (ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0)) return { kind: 'audio', mime: 'audio/mpeg' };
  if (ascii(b, 0, 'OggS')) return { kind: 'audio', mime: 'audio/ogg' };
  if (ascii(b, 0, '#!AMR')) return { kind: 'audio', mime: 'audio/amr' };
  if (ascii(b, 0, '%PDF-')) return { kind: 'document', mime: 'application/pdf' };
  // OOXML (.docx/.xlsx) are zip files; OLE2 (.doc/.xls) compound files.
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'document', mime: 'application/zip' };
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'document', mime: 'application/x-ole-storage' };
  return null;
}

/** The TIFF block of a JPEG's APP1 EXIF segment, or null when there is none before the image data. */
function exifTiff(b: Uint8Array): Uint8Array | null {
  if (!starts(b, [0xff, 0xd8])) return null;
  let p = 2;
  while (p + 4 <= b.length && b[p] === 0xff) {
    const marker = b[p + 1]!;
    const len = (b[p + 2]! << 8) | b[p + 3]!;
    if (marker === 0xda || len < 2) return null; // image data: no EXIF before it
    if (marker === 0xe1 && ascii(b, p + 4, 'Exif\0\0')) return b.subarray(p + 10, p + 2 + len);
    p += 2 + len;
  }
  return null;
}

/** Reads 16/32-bit values of a TIFF block in its byte order (-1 past its end) and finds an IFD's entry. */
function tiffReader(t: Uint8Array) {
  const le = t[0] === 0x49;
  const u16 = (o: number) => (o < 0 || o + 2 > t.length ? -1 : le ? t[o]! | (t[o + 1]! << 8) : (t[o]! << 8) | t[o + 1]!);
  const u32 = (o: number) => (o < 0 || o + 4 > t.length ? -1 : le ? (t[o]! | (t[o + 1]! << 8) | (t[o + 2]! << 16)) + t[o + 3]! * 0x1000000 : t[o]! * 0x1000000 + ((t[o + 1]! << 16) | (t[o + 2]! << 8) | t[o + 3]!));
  const find = (ifd: number, tag: number): number => {
    const n = u16(ifd);
    for (let i = 0; n > 0 && i < n; i++) if (u16(ifd + 2 + i * 12) === tag) return ifd + 2 + i * 12;
    return -1;
  };
  return { u16, u32, find };
}

/**
 * EXIF DateTimeOriginal of a JPEG as an ISO instant (the camera's local time read as UTC+8), or null
 * when the file has none or it is malformed.
 */
export function exifDateTimeOriginal(b: Uint8Array): string | null {
  const t = exifTiff(b);
  return t ? fromTiff(t) : null;
}

/**
 * The small JPEG most cameras embed in IFD1 of the EXIF block (JPEGInterchangeFormat 0x0201 and its
 * length 0x0202), or null. The record PDF prints it instead of the full photo, which would otherwise
 * be embedded whole (a phone photo is several MB; no image decoder is needed to downscale this way).
 */
export function exifThumbnail(b: Uint8Array): Uint8Array | null {
  const t = exifTiff(b);
  if (!t || t.length < 8) return null;
  const { u16, u32, find } = tiffReader(t);
  const ifd0 = u32(4);
  const n = u16(ifd0);
  if (n < 0) return null;
  const ifd1 = u32(ifd0 + 2 + n * 12);
  if (ifd1 <= 0) return null;
  const offEntry = find(ifd1, 0x0201);
  const lenEntry = find(ifd1, 0x0202);
  if (offEntry < 0 || lenEntry < 0) return null;
  const off = u32(offEntry + 8);
  const len = u32(lenEntry + 8);
  if (off <= 0 || len <= 4 || off + len > t.length) return null;
  const thumb = t.subarray(off, off + len);
  return starts(thumb, [0xff, 0xd8]) ? thumb : null;
}

function fromTiff(t: Uint8Array): string | null {
  if (t.length < 8) return null;
  const { u32, find } = tiffReader(t);
  const exifPtr = find(u32(4), 0x8769);
  if (exifPtr < 0) return null;
  const entry = find(u32(exifPtr + 8), 0x9003);
  if (entry < 0) return null;
  const off = u32(entry + 8);
  const s = String.fromCharCode(...t.slice(off, off + 19));
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
