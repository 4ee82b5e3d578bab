/**
 * PDF output for every document the platform prints (annual plans, draw records, inspection forms).
 *
 * pdfmake lays the page out and pdfkit writes it; the font is Noto Sans SC (SIL OFL 1.1) shipped as
 * TrueType in the npm package `@expo-google-fonts/noto-sans-sc`, so Chinese renders on any machine
 * without system fonts. pdfkit embeds only the glyphs used (a subset, FontFile2 named
 * `XXXXXX+NotoSansSC-Regular`): a one-page plan is a few kilobytes, not the 10 MB font.
 *
 * API (keep it small — other modules build on it):
 *   renderPdf(doc)                  → Promise<Buffer>; fills in the font, refuses URLs and local files
 *                                     other than the font (images must be data: URLs).
 *   a4Document({ title, … })        → a TDocumentDefinitions for an A4 page with the title on top, an
 *                                     optional running header and the footer 「第 x 页 / 共 y 页」.
 *   pdfTable(headers, rows, opts)   → a table Content with a bold header row repeated on every page.
 *   PDF_STYLES                      → the named styles a4Document defines: title, subtitle, small, tableHeader.
 *
 *   const pdf = await renderPdf(a4Document({ title: '2025 年度抽查计划', content: [pdfTable(['事项', '数量'], rows)] }));
 */
import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions, TFontDictionary, StyleDictionary, PageOrientation } from 'pdfmake/interfaces.js';

const require = createRequire(import.meta.url);

/** The font family name every document uses (set as defaultStyle.font by renderPdf). */
export const PDF_FONT = 'NotoSansSC';

const FONT_FILES = {
  normal: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};
const FONTS: TFontDictionary = {
  [PDF_FONT]: { normal: FONT_FILES.normal, bold: FONT_FILES.bold, italics: FONT_FILES.normal, bolditalics: FONT_FILES.bold },
};
const ALLOWED_FILES = new Set(Object.values(FONT_FILES));

interface PdfKitDocument {
  on(event: 'data', listener: (chunk: Buffer) => void): void;
  on(event: 'end' | 'error', listener: (arg?: unknown) => void): void;
  end(): void;
}
interface PrinterClass {
  new (fonts: TFontDictionary, vfs: unknown, urlResolver: unknown, localAccessPolicy: (path: string) => boolean): {
    createPdfKitDocument(doc: TDocumentDefinitions): Promise<PdfKitDocument>;
  };
}
// pdfmake's Node entry is a singleton with shared settings; its Printer class gives one per call.
const Printer = (require('pdfmake/js/Printer') as { default: PrinterClass }).default;
const URLResolver = (require('pdfmake/js/URLResolver') as { default: new (vfs: unknown) => { setUrlAccessPolicy(p: (url: string) => boolean): void } }).default;
const virtualfs = (require('pdfmake/js/virtual-fs') as { default: unknown }).default;

/** Renders a pdfmake document definition to PDF bytes with the embedded Chinese font. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const resolver = new URLResolver(virtualfs);
  resolver.setUrlAccessPolicy(() => false); // a document never fetches anything
  const printer = new Printer(FONTS, virtualfs, resolver, (path) => ALLOWED_FILES.has(path));
  const definition: TDocumentDefinitions = {
    ...doc,
    defaultStyle: { font: PDF_FONT, fontSize: 10, ...doc.defaultStyle },
  };
  const pdfKit = await printer.createPdfKitDocument(definition);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdfKit.on('data', (chunk) => chunks.push(chunk));
    pdfKit.on('end', () => resolve(Buffer.concat(chunks)));
    pdfKit.on('error', reject);
    pdfKit.end();
  });
}

/** Named styles defined by a4Document. */
export const PDF_STYLES: StyleDictionary = {
  title: { fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
  subtitle: { fontSize: 10, alignment: 'center', color: '#444444', margin: [0, 0, 0, 12] },
  small: { fontSize: 8, color: '#555555' },
  tableHeader: { bold: true, fillColor: '#eeeeee' },
};

export interface A4Options {
  /** Printed centred at the top of the first page and set as the PDF's Title. */
  title: string;
  /** A line under the title (organisation, year, profile …). */
  subtitle?: string;
  /** A small running header on every page (e.g. the organisation's name). */
  header?: string;
  content: Content;
  orientation?: PageOrientation;
  /** Goes into the PDF's metadata as the subject/keywords. */
  subject?: string;
}

/** An A4 document: title (and subtitle) on the first page, optional running header, footer 「第 x 页 / 共 y 页」. */
export function a4Document(options: A4Options): TDocumentDefinitions {
  const heading: Content[] = [{ text: options.title, style: 'title' }];
  if (options.subtitle) heading.push({ text: options.subtitle, style: 'subtitle' });
  return {
    pageSize: 'A4',
    pageOrientation: options.orientation ?? 'portrait',
    pageMargins: [40, 50, 40, 50],
    info: { title: options.title, subject: options.subject, creator: '双随 Shuangsui', producer: '双随 Shuangsui' },
    header: options.header
      ? { text: options.header, style: 'small', alignment: 'right', margin: [40, 20, 40, 0] }
      : undefined,
    footer: (currentPage: number, pageCount: number) => ({
      text: `第 ${currentPage} 页 / 共 ${pageCount} 页`, style: 'small', alignment: 'center', margin: [0, 16, 0, 0],
    }),
    content: [...heading, options.content],
    styles: PDF_STYLES,
  };
}

export interface TableOptions {
  /** Column widths in points, '*' (share the rest) or 'auto'; default: the last column takes the rest. */
  widths?: (number | '*' | 'auto')[];
  /** Per-column alignment; numbers are usually right-aligned. */
  align?: ('left' | 'center' | 'right')[];
}

/** A bordered table whose header row repeats on every page; cells are text (null prints empty). */
export function pdfTable(headers: string[], rows: readonly (readonly (string | number | null)[])[], options: TableOptions = {}): Content {
  const align = (i: number) => options.align?.[i] ?? 'left';
  return {
    table: {
      headerRows: 1,
      widths: options.widths ?? headers.map((_, i) => (i === headers.length - 1 ? '*' : 'auto')),
      body: [
        headers.map((h, i) => ({ text: h, style: 'tableHeader', alignment: align(i) })),
        ...rows.map((row) => headers.map((_, i) => ({ text: row[i] === null || row[i] === undefined ? '' : String(row[i]), alignment: align(i) }))),
      ],
    },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 3, paddingBottom: () => 3 },
  };
}
