/**
 * Invoice and credit-note PDFs (DESIGN §16, §17) with pdfkit: A4, DejaVu Sans embedded (subset), in the
 * document's language.
 *
 * Deterministic: the PDF's info dates are the invoice date (midnight UTC) and the file ID is derived from
 * the info dictionary, so the same input gives the same bytes (documents are archived once and every
 * later download must return those bytes; a re-render after a crash must not differ).
 *
 * Layout (top to bottom): logo (left) and seller block (right); title; debtor block (left) and the
 * document's details (right: number, invoice and due date, period, customer number, credited invoice);
 * subject and credit-note reason; the lines table (description, period, quantity, unit price, VAT rate,
 * net), which breaks over pages and repeats its header row; the VAT breakdown per rate next to the
 * totals; payment instructions (IBAN, BIC, payment reference = the number) and payment terms; on every
 * page a footer with the number and "Page n of m".
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import PDFDocument from 'pdfkit';
import type { DocumentLine, InvoiceDocumentData } from '../../../shared/contracts/documents';
import {
  countryName,
  documentTexts,
  documentTitle,
  fillText,
  formatDocumentDate,
  formatDocumentMoney,
  formatDocumentPeriod,
  formatQuantity,
  formatVatRate,
  type DocumentTexts,
} from '../../../shared/document-texts';
import { isCalendarDate } from '../../../shared/dates';
import { vatBreakdown } from '../../../shared/vat-breakdown';

/* ------------------------------------------------------------------------------------------------ */
/* Fonts: read and parsed once per process                                                          */
/* ------------------------------------------------------------------------------------------------ */

const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSans-Bold';

/** What pdfkit needs of a parsed font (a fontkit `Font`; pdfkit takes one wherever it takes a font file). */
export interface ParsedFont {
  layout: (text: string, ...rest: unknown[]) => unknown;
  createSubset: () => FontSubset;
  postscriptName: string;
  /** set on variable fonts only (DejaVu is not one) */
  _variationProcessor?: unknown;
}

/**
 * The internals of fontkit's TrueType subset (fontkit 2.x, `TTFSubset`) that `rememberSubsets` relies
 * on; it checks they are there and leaves the subset alone otherwise.
 */
interface FontSubset {
  glyphs: number[];
  includeGlyph: (gid: number) => number;
  encode: () => Uint8Array;
  _addGlyph?: (gid: number) => number;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
}

/** What fontkit's `TTFSubset._addGlyph` reads from the font for one glyph (a pure function of the font). */
interface GlyphEntry {
  data: Uint8Array;
  /** for a composite glyph, its components' glyph ids and where they sit in `data` */
  components: { glyphID: number; pos: number }[] | null;
  advance: number;
  bearing: number;
}

interface FontInternals {
  getGlyph: (gid: number) => {
    _decode: () => { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    advanceWidth: number;
    _getMetrics: () => { leftBearing: number };
  };
  loca: { offsets: number[] };
  _getTableStream: (tag: string) => { pos: number; readBuffer: (length: number) => Uint8Array };
}

const SUBSET_CACHE_SIZE = 200;

/** The subset encodings `rememberSubsets` handed out (and may hand out again), and their deflated bytes. */
const rememberedEncodings = new WeakSet<Uint8Array>();
const deflatedSubsets = new WeakMap<Uint8Array, Buffer>();

/** A PDF object of pdfkit 0.20 (`PDFReference`), as far as `reuseDeflatedSubsets` touches it. */
interface ReferenceInternals {
  data: Record<string, unknown>;
  compress: boolean;
  uncompressedLength: number;
  write: (chunk: Uint8Array | string) => void;
  end: (chunk?: Uint8Array | string) => void;
  finalize: () => void;
}

/**
 * pdfkit deflates every stream of every document, the font files included; a remembered subset is the
 * same bytes every time, so it is deflated once (with the same zlib defaults pdfkit uses) and the
 * object is written exactly as pdfkit would write it: `Length` first, then `Filter /FlateDecode`.
 */
function reuseDeflatedSubsets(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as { ref: (data?: Record<string, unknown>) => ReferenceInternals };
  const ref = internals.ref.bind(doc);
  internals.ref = (data) => {
    const reference = ref(data);
    const end = reference.end.bind(reference);
    reference.end = (chunk) => {
      if (!(chunk instanceof Uint8Array) || !rememberedEncodings.has(chunk) || !reference.compress || reference.data.Filter !== undefined) {
        end(chunk);
        return;
      }
      let deflated = deflatedSubsets.get(chunk);
      if (!deflated) {
        deflated = zlib.deflateSync(chunk);
        deflatedSubsets.set(chunk, deflated);
      }
      reference.compress = false;
      reference.write(deflated);
      reference.data.Filter = 'FlateDecode';
      reference.uncompressedLength = chunk.length;
      reference.finalize();
    };
    return reference;
  };
}

/**
 * Embedding a font subset is the other half of a document's time: fontkit decodes every used glyph
 * again and re-encodes the subset font for each document. Both are pure functions of the font and the
 * glyph list, so the process remembers (1) each glyph's bytes and metrics, and (2) the encoded subset per
 * glyph list (documents of one seller mostly use the same glyphs in the same order). The glyph step
 * mirrors fontkit's `TTFSubset._addGlyph` for a non-variable TrueType font (copy the glyph's bytes,
 * renumber a composite glyph's components); when the subset does not look like that, nothing is changed.
 */
function rememberSubsets(font: ParsedFont): ParsedFont {
  const internals = font as unknown as FontInternals;
  const createSubset = font.createSubset.bind(font);
  const glyphs = new Map<number, GlyphEntry>();
  const encoded = new Map<string, Uint8Array>();
  const glyphEntry = (gid: number): GlyphEntry => {
    let entry = glyphs.get(gid);
    if (!entry) {
      const glyph = internals.getGlyph(gid);
      const decoded = glyph._decode();
      const start = internals.loca.offsets[gid];
      const stream = internals._getTableStream('glyf');
      stream.pos += start;
      const data = Uint8Array.from(stream.readBuffer(internals.loca.offsets[gid + 1] - start));
      const components = decoded && decoded.numberOfContours < 0 ? (decoded.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : null;
      entry = { data, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
      glyphs.set(gid, entry);
    }
    return entry;
  };
  font.createSubset = (): FontSubset => {
    const subset = createSubset();
    if (font._variationProcessor || typeof subset._addGlyph !== 'function' || !Array.isArray(subset.glyphs)) return subset;
    subset._addGlyph = function addGlyph(this: FontSubset, gid: number): number {
      const entry = glyphEntry(gid);
      let data = entry.data;
      if (entry.components) {
        data = Uint8Array.from(entry.data);
        const view = new DataView(data.buffer);
        for (const c of entry.components) view.setUint16(c.pos, this.includeGlyph(c.glyphID));
      }
      this.glyf.push(data);
      this.loca.offsets.push(this.offset);
      this.hmtx.metrics.push({ advance: entry.advance, bearing: entry.bearing });
      this.offset += data.length;
      return this.glyf.length - 1;
    };
    const encode = subset.encode.bind(subset);
    subset.encode = (): Uint8Array => {
      const key = subset.glyphs.join(',');
      let bytes = encoded.get(key);
      if (!bytes) {
        bytes = encode();
        rememberedEncodings.add(bytes);
        if (encoded.size >= SUBSET_CACHE_SIZE) encoded.delete(encoded.keys().next().value as string);
        encoded.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
  return font;
}

interface DocumentFonts {
  /** the TTF files' bytes */
  files: { regular: Buffer; bold: Buffer };
  /** the same files parsed by fontkit, shared by every document of the process (the bytes when fontkit cannot be found) */
  regular: ParsedFont | Buffer;
  bold: ParsedFont | Buffer;
}

let fonts: DocumentFonts | null = null;

/** How pdfkit holds a font within one document (`doc._font`, pdfkit 0.20's `EmbeddedFont`). */
interface EmbeddedFontInternals {
  font?: unknown;
  layoutCache?: Record<string, unknown>;
  encode?: (text: string) => unknown;
}

/**
 * The glyphs every document's font subsets start with, in this order: digits, letters, the punctuation
 * of addresses, amounts and e-mail, the euro sign, en dash and middle dot (the rarer ASCII signs are
 * left out to keep the files small). pdfkit numbers a subset's glyphs in the order a document first uses
 * them, so without a common start two documents whose texts differ only in a name would have
 * differently ordered subsets; with it, most documents of a process share one subset (or a few: the base
 * plus a name's accented letters), which `rememberSubsets` then encodes once.
 */
const BASE_GLYPHS = "0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz .,:;-+()/%&'@# \u20ac \u2013 \u00b7";

const LAYOUT_CACHE_LIMIT = 20000;
const sharedLayouts = new Map<ParsedFont, { cache: Record<string, unknown>; documents: number }>();

/**
 * Shaping words with the font's OpenType tables (kerning, ligatures) and measuring them was half of a
 * document's time, and pdfkit remembers shaped words only within one document (`layoutCache` of its
 * embedded font). The words of invoices repeat across documents (labels, names, dates, amounts), so a
 * parsed font shares one such cache among all documents of the process. pdfkit only reads the
 * remembered runs, and shaping is deterministic, so this changes no byte (a test compares the output with
 * pdfkit's own path). The cache is dropped and started again once it holds 20,000 words (checked every
 * 100 documents), so memory stays bounded.
 */
function prepareFont(doc: PDFKit.PDFDocument, name: string, font: ParsedFont | Buffer): void {
  doc.font(name);
  const embedded = (doc as unknown as { _font?: EmbeddedFontInternals })._font;
  if (!embedded) return;
  if (!Buffer.isBuffer(font) && embedded.font === font && typeof embedded.layoutCache === 'object') shareLayoutCache(embedded, font);
  if (typeof embedded.encode === 'function') embedded.encode(BASE_GLYPHS);
}

function shareLayoutCache(embedded: EmbeddedFontInternals, font: ParsedFont): void {
  let shared = sharedLayouts.get(font);
  if (!shared) {
    shared = { cache: Object.create(null) as Record<string, unknown>, documents: 0 };
    sharedLayouts.set(font, shared);
  }
  shared.documents += 1;
  if (shared.documents % 100 === 0 && Object.keys(shared.cache).length > LAYOUT_CACHE_LIMIT) {
    shared.cache = Object.create(null) as Record<string, unknown>;
  }
  embedded.layoutCache = shared.cache;
}

/**
 * The fonts, read and parsed once per process.
 *
 * The TTF files are resolved through the module system (not a path relative to this file), so they are
 * found wherever the package manager put `dejavu-fonts-ttf`: next to the plugin in a host's
 * node_modules, or in pnpm's store. They are parsed with the fontkit that pdfkit itself uses (resolved
 * from pdfkit's own directory, so under pnpm too it is pdfkit's dependency, the same version): handing
 * pdfkit a buffer would make it parse the 750 kB font again for every document (≈ 70 ms, 90 % of a
 * document's time). A parsed font is read-only for pdfkit: each document makes its own glyph subset and
 * layout cache from it.
 */
export function documentFonts(): DocumentFonts {
  if (!fonts) {
    const files = {
      regular: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
      bold: fs.readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    };
    let fontkit: { create: (data: Uint8Array) => ParsedFont } | null = null;
    try {
      const pdfkitDir = path.dirname(require.resolve('pdfkit'));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      fontkit = require(require.resolve('fontkit', { paths: [pdfkitDir] })) as { create: (data: Uint8Array) => ParsedFont };
    } catch {
      // An unusual install layout: pdfkit parses the bytes for each document (slower, same output).
    }
    const parse = (data: Buffer) => (fontkit ? rememberSubsets(fontkit.create(data)) : data);
    fonts = { files, regular: parse(files.regular), bold: parse(files.bold) };
  }
  return fonts;
}

/* ------------------------------------------------------------------------------------------------ */
/* Geometry and style                                                                               */
/* ------------------------------------------------------------------------------------------------ */

const PAGE_HEIGHT = 841.89; // A4 in points
const LEFT = 50;
const RIGHT = 545.28; // A4 width 595.28 − 50
const TOP = 48;
/** content never goes below this line; the footer sits under it */
const CONTENT_BOTTOM = PAGE_HEIGHT - 64;
const FOOTER_Y = PAGE_HEIGHT - 42;

const INK = '#1b1f24';
const MUTED = '#5c6670';
const RULE = '#c9cfd6';
const HEADER_FILL = '#eef1f4';

const SIZE = { title: 20, name: 10, body: 8.5, table: 8, small: 7.5 } as const;

type Align = 'left' | 'right';

interface Column {
  key: 'description' | 'period' | 'quantity' | 'unitPrice' | 'vatRate' | 'net';
  x: number;
  width: number;
  align: Align;
}

/** The lines table: description and period wrap, amounts are right-aligned on the column's right edge. */
const COLUMNS: readonly Column[] = [
  { key: 'description', x: LEFT, width: 127, align: 'left' },
  { key: 'period', x: 183, width: 112, align: 'left' },
  { key: 'quantity', x: 299, width: 44, align: 'right' },
  { key: 'unitPrice', x: 349, width: 70, align: 'right' },
  { key: 'vatRate', x: 425, width: 36, align: 'right' },
  { key: 'net', x: 467, width: RIGHT - 467, align: 'right' },
];

const CELL_PADDING = 4;

/* ------------------------------------------------------------------------------------------------ */
/* Drawing helpers                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

type Doc = PDFKit.PDFDocument;

interface TextStyle {
  bold?: boolean;
  size?: number;
  color?: string;
}

function style(doc: Doc, s: TextStyle = {}): Doc {
  return doc
    .font(s.bold ? BOLD : REGULAR)
    .fontSize(s.size ?? SIZE.body)
    .fillColor(s.color ?? INK);
}

const WIDTH_CACHE_LIMIT = 50000;
const widths = new Map<string, number>();

/**
 * The width of `text` in style `s` (which must be the document's current style): a pure function of
 * font, size and text, remembered for the process (cleared when it holds 50,000 entries).
 */
function measure(doc: Doc, text: string, s: TextStyle = {}): number {
  const key = `${s.bold ? 'B' : 'R'}${s.size ?? SIZE.body}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    width = doc.widthOfString(text);
    if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
    widths.set(key, width);
  }
  return width;
}

/** One line of text ending at `right` (no wrapping). */
function textRight(doc: Doc, text: string, right: number, y: number, s?: TextStyle): void {
  style(doc, s);
  doc.text(text, right - measure(doc, text, s), y, { lineBreak: false });
}

/**
 * One right-aligned line in a column of `width`: an amount too wide for its column (a unit price of
 * hundreds of millions) is set in a smaller size rather than running into the next column.
 */
function textFit(doc: Doc, text: string, right: number, y: number, width: number, s: TextStyle): void {
  const size = s.size ?? SIZE.body;
  style(doc, s);
  const natural = measure(doc, text, s);
  const fitted = natural <= width ? s : { ...s, size: Math.max(5, Math.floor((size * width * 2) / natural) / 2) };
  textRight(doc, text, right, fitted === s ? y : y + (size - (fitted.size ?? size)) / 2, fitted);
}

/**
 * Text in a box of `width`, wrapped when it does not fit on one line; returns its height. A text that
 * fits (most do) is drawn as one line without pdfkit's line wrapper, which is the costly part of text.
 */
function textBox(doc: Doc, text: string, x: number, y: number, width: number, s?: TextStyle, align: Align = 'left'): number {
  style(doc, s);
  const textWidth = measure(doc, text, s);
  if (textWidth <= width && !text.includes('\n')) {
    doc.text(text, align === 'right' ? x + width - textWidth : x, y, { lineBreak: false });
    return doc.currentLineHeight(true);
  }
  const height = doc.heightOfString(text, { width, align });
  doc.text(text, x, y, { width, align });
  return height;
}

function boxHeight(doc: Doc, text: string, width: number, s?: TextStyle): number {
  style(doc, s);
  if (measure(doc, text, s) <= width && !text.includes('\n')) return doc.currentLineHeight(true);
  return doc.heightOfString(text, { width });
}

function rule(doc: Doc, y: number, from = LEFT, to = RIGHT, width = 0.5): void {
  doc.moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(RULE).stroke();
}

function present(values: (string | null | undefined)[]): string[] {
  return values.map((v) => (v ?? '').trim()).filter((v) => v !== '');
}

function cityLine(postalCode: string | null, city: string | null): string {
  return present([postalCode, city]).join('  ');
}

/* ------------------------------------------------------------------------------------------------ */
/* The document                                                                                     */
/* ------------------------------------------------------------------------------------------------ */

interface Layout {
  doc: Doc;
  data: InvoiceDocumentData;
  t: DocumentTexts;
  y: number;
}

function money(l: Layout, amount: string): string {
  return formatDocumentMoney(amount, l.data.currency, l.data.language);
}

/** Logo (left) and seller block (right-aligned); returns the y below both. */
function drawHeader(l: Layout): void {
  const { doc, data, t } = l;
  const { seller } = data;
  let logoBottom = TOP;
  if (data.logo) {
    doc.image(Buffer.from(data.logo.data), LEFT, TOP, { fit: [170, 64] });
    logoBottom = TOP + 64;
  }
  let y = TOP;
  // right-aligned in a column beside the logo; a long value wraps instead of running into it
  const width = RIGHT - LEFT - 190;
  y += textBox(doc, seller.legalName, RIGHT - width, y, width, { bold: true, size: SIZE.name }, 'right') + 2;
  const sellerCountry = countryName(seller.countryCode, data.language);
  const lines = [
    ...present([seller.street, cityLine(seller.postalCode, seller.city), sellerCountry]),
    ...present([seller.email, seller.phone, seller.website]),
    ...(seller.vatNumber ? [`${t.vatNumber}: ${seller.vatNumber}`] : []),
    ...(seller.companyId ? [`${t.chamberOfCommerce}: ${seller.companyId}`] : []),
  ];
  for (const line of lines) y += textBox(doc, line, RIGHT - width, y, width, { color: MUTED }, 'right') + 1.2;
  l.y = Math.max(logoBottom, y) + 22;
}

/** Title, debtor block and the document's details. */
function drawAddressAndDetails(l: Layout): void {
  const { doc, data, t } = l;
  const isCredit = data.kind === 'credit_note';
  style(doc, { bold: true, size: SIZE.title });
  doc.text(documentTitle(data.kind, data.language), LEFT, l.y, { lineBreak: false });
  const top = l.y + 34;

  // Debtor (left).
  const { debtor } = data;
  let y = top;
  y += textBox(doc, debtor.name, LEFT, y, 250, { bold: true, size: SIZE.name }) + 2;
  const debtorCountry = debtor.countryCode && debtor.countryCode !== data.seller.countryCode ? countryName(debtor.countryCode, data.language) : null;
  for (const line of present([debtor.street, cityLine(debtor.postalCode, debtor.city), debtorCountry])) {
    y += textBox(doc, line, LEFT, y, 250, { size: 9.5 }) + 1;
  }
  if (debtor.vatNumber) y += textBox(doc, `${t.vatNumber}: ${debtor.vatNumber}`, LEFT, y + 4, 250, { color: MUTED }) + 4;

  // Details (right): label and value columns.
  const details: [string, string][] = [
    [isCredit ? t.creditNoteNumber : t.invoiceNumber, data.number],
    [isCredit ? t.creditNoteDate : t.invoiceDate, formatDocumentDate(data.invoiceDate, data.language)],
    ...(isCredit ? [] : ([[t.dueDate, formatDocumentDate(data.dueDate, data.language)]] as [string, string][])),
    [t.period, formatDocumentPeriod(data.period.start, data.period.end, data.language)],
    ...(debtor.reference ? ([[t.customerNumber, debtor.reference]] as [string, string][]) : []),
    ...(isCredit && data.creditedInvoiceNumber ? ([[t.creditedInvoice, data.creditedInvoiceNumber]] as [string, string][]) : []),
  ];
  const labelX = 318;
  const valueX = 418;
  let dy = top;
  for (const [label, value] of details) {
    const h = Math.max(
      textBox(doc, label, labelX, dy, valueX - labelX - 6, { color: MUTED }),
      textBox(doc, value, valueX, dy, RIGHT - valueX, { bold: label === t.invoiceNumber || label === t.creditNoteNumber }),
    );
    dy += h + 3;
  }
  l.y = Math.max(y, dy) + 20;

  // Subject and, for credit notes, the reason.
  const notes: [string, string][] = [[t.subject, data.name], ...(isCredit && data.reason ? ([[t.reason, data.reason]] as [string, string][]) : [])];
  for (const [label, value] of notes) {
    if (!value.trim()) continue;
    style(doc, { bold: true });
    const labelText = `${label}: `;
    const labelWidth = doc.widthOfString(labelText);
    doc.text(labelText, LEFT, l.y, { lineBreak: false });
    l.y += textBox(doc, value, LEFT + labelWidth, l.y, RIGHT - LEFT - labelWidth) + 3;
  }
  l.y += 10;
}

function cellText(l: Layout, line: DocumentLine, key: Column['key']): string {
  const lang = l.data.language;
  switch (key) {
    case 'description':
      return line.description;
    case 'period':
      return formatDocumentPeriod(line.periodStart, line.periodEnd, lang);
    case 'quantity':
      return formatQuantity(line.quantity, lang);
    case 'unitPrice':
      return money(l, line.unitPrice);
    case 'vatRate':
      return formatVatRate(line.vatRate, lang);
    case 'net':
      return money(l, line.net);
  }
}

function headerLabel(t: DocumentTexts, key: Column['key']): string {
  return { description: t.description, period: t.period, quantity: t.quantity, unitPrice: t.unitPrice, vatRate: t.vat, net: t.net }[key];
}

/** The table's header row (on the first page of the table and again on every following page). */
function drawTableHeader(l: Layout): void {
  const { doc, t } = l;
  const s: TextStyle = { bold: true, size: SIZE.table };
  const height = Math.max(...COLUMNS.map((c) => boxHeight(doc, headerLabel(t, c.key), c.width, s))) + 2 * CELL_PADDING;
  doc.rect(LEFT, l.y, RIGHT - LEFT, height).fillColor(HEADER_FILL).fill();
  for (const c of COLUMNS) textBox(doc, headerLabel(t, c.key), c.x, l.y + CELL_PADDING, c.width, s, c.align);
  l.y += height;
}

/** A new page: a one-line reminder of which document this is continues it. */
function newPage(l: Layout): void {
  l.doc.addPage();
  l.y = TOP;
  style(l.doc, { bold: true, size: SIZE.name });
  l.doc.text(`${documentTitle(l.data.kind, l.data.language)} ${l.data.number}`, LEFT, l.y, { lineBreak: false });
  l.y += 24;
}

function drawLines(l: Layout): void {
  const { doc } = l;
  drawTableHeader(l);
  const s: TextStyle = { size: SIZE.table };
  for (const line of l.data.lines) {
    const cells = COLUMNS.map((c) => ({ c, text: cellText(l, line, c.key) }));
    const height = Math.max(...cells.map(({ c, text }) => (c.align === 'left' ? boxHeight(doc, text, c.width, s) : SIZE.table + 2))) + 2 * CELL_PADDING;
    if (l.y + height > CONTENT_BOTTOM) {
      newPage(l);
      drawTableHeader(l);
    }
    for (const { c, text } of cells) {
      if (c.align === 'left') textBox(doc, text, c.x, l.y + CELL_PADDING, c.width, s);
      else textFit(doc, text, c.x + c.width, l.y + CELL_PADDING, c.width, s);
    }
    l.y += height;
    rule(doc, l.y);
  }
  l.y += 16;
}

/** VAT breakdown per rate (left) and totals (right), kept together on one page. */
function drawSummary(l: Layout): void {
  const { doc, data, t } = l;
  const breakdown = vatBreakdown(data.lines, data.currency);
  const rowHeight = 13;
  const height = Math.max(16 + rowHeight * (breakdown.rows.length + 1), 3 * rowHeight + 12);
  if (l.y + height > CONTENT_BOTTOM) newPage(l);
  const top = l.y;

  // VAT breakdown: rate | taxable amount | VAT amount.
  const cols = [
    { x: LEFT, right: LEFT + 60 },
    { x: LEFT + 66, right: LEFT + 160 },
    { x: LEFT + 166, right: LEFT + 260 },
  ];
  style(doc, { bold: true, size: SIZE.body });
  doc.text(t.vatBreakdown, LEFT, top, { lineBreak: false });
  let y = top + 16;
  const head = [t.vatRate, t.taxableAmount, t.vatAmount];
  head.forEach((h, i) => (i === 0 ? textBox(doc, h, cols[0].x, y, 60, { size: SIZE.table, color: MUTED }) : textRight(doc, h, cols[i].right, y, { size: SIZE.table, color: MUTED })));
  y += rowHeight;
  rule(doc, y - 2, LEFT, cols[2].right);
  for (const row of breakdown.rows) {
    textBox(doc, formatVatRate(row.vatRate, data.language), cols[0].x, y, 60, { size: SIZE.table });
    textRight(doc, money(l, row.net), cols[1].right, y, { size: SIZE.table });
    textRight(doc, money(l, row.vat), cols[2].right, y, { size: SIZE.table });
    y += rowHeight;
  }

  // Totals: the document's own figures (the lines add up to them; the breakdown is computed from the lines).
  const labelX = 360;
  let ty = top;
  const totals: [string, string, boolean][] = [
    [t.subtotal, data.totals.net, false],
    [t.vat, data.totals.vat, false],
    [t.total, data.totals.gross, true],
  ];
  for (const [label, amount, strong] of totals) {
    if (strong) {
      rule(doc, ty, labelX, RIGHT, 0.8);
      ty += 5;
    }
    const s: TextStyle = { bold: strong, size: strong ? SIZE.name : SIZE.body };
    style(doc, s);
    doc.text(label, labelX, ty, { lineBreak: false });
    textRight(doc, money(l, amount), RIGHT, ty, s);
    ty += strong ? 16 : rowHeight + 1;
  }
  l.y = Math.max(y, ty) + 18;
}

/** Payment instructions (or, for a credit note, how it is settled) and the payment terms. */
function drawPayment(l: Layout): void {
  const { doc, data, t } = l;
  const { seller } = data;
  const width = RIGHT - LEFT;
  const amount = money(l, data.totals.gross);
  const intro =
    data.kind === 'credit_note'
      ? // a credit note's total is negative; the sentence says how much comes back to the debtor
        fillText(t.creditNoteSettlement, { amount: money(l, data.totals.gross.replace(/^-/, '')) })
      : fillText(seller.iban ? t.payBy : t.payByNoIban, {
          amount,
          dueDate: formatDocumentDate(data.dueDate, data.language),
          iban: seller.iban ?? '',
          reference: data.number,
        });
  const facts: [string, string][] = [
    ...(seller.iban ? ([[t.iban, seller.iban]] as [string, string][]) : []),
    ...(seller.bic ? ([[t.bic, seller.bic]] as [string, string][]) : []),
    [t.paymentReference, data.number],
  ];
  const terms = (seller.paymentTerms ?? '').trim();
  const height =
    16 +
    boxHeight(doc, intro, width) +
    6 +
    facts.length * 12 +
    (terms ? 24 + boxHeight(doc, terms, width, { color: MUTED }) : 0);
  if (l.y + height > CONTENT_BOTTOM) newPage(l);

  style(doc, { bold: true });
  doc.text(t.payment, LEFT, l.y, { lineBreak: false });
  l.y += 16;
  l.y += textBox(doc, intro, LEFT, l.y, width) + 6;
  for (const [label, value] of facts) {
    style(doc, { color: MUTED });
    doc.text(label, LEFT, l.y, { lineBreak: false });
    style(doc, { bold: true });
    doc.text(value, LEFT + 110, l.y, { lineBreak: false });
    l.y += 12;
  }
  if (terms) {
    l.y += 12;
    style(doc, { bold: true });
    doc.text(t.paymentTerms, LEFT, l.y, { lineBreak: false });
    l.y += 12;
    l.y += textBox(doc, terms, LEFT, l.y, width, { color: MUTED });
  }
}

function drawFooters(l: Layout): void {
  const { doc, data, t } = l;
  const range = doc.bufferedPageRange();
  const title = `${documentTitle(data.kind, data.language)} ${data.number}`;
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    rule(doc, FOOTER_Y - 6);
    const s: TextStyle = { size: SIZE.small, color: MUTED };
    const page = fillText(t.pageOf, { page: String(i + 1), pages: String(range.count) });
    textRight(doc, page, RIGHT, FOOTER_Y, s);
    // the seller's name too when it fits beside the page number
    const left = `${data.seller.legalName} \u00b7 ${title}`;
    const room = RIGHT - LEFT - measure(doc, page, s) - 12;
    doc.text(measure(doc, left, s) <= room ? left : title, LEFT, FOOTER_Y, { lineBreak: false });
  }
}

/** Renders one invoice or credit note to PDF bytes. Same input, same bytes. */
export async function renderInvoicePdf(data: InvoiceDocumentData): Promise<Buffer> {
  const { regular, bold } = documentFonts();
  return renderInvoicePdfWith(data, { regular, bold });
}

/**
 * `renderInvoicePdf` with the given fonts: parsed fonts, or the TTF bytes (which pdfkit then parses
 * for this document alone). The tests use the bytes to show that the process-wide font caches of
 * `documentFonts` change no byte of the output.
 */
export async function renderInvoicePdfWith(data: InvoiceDocumentData, fontSources: { regular: ParsedFont | Buffer; bold: ParsedFont | Buffer }): Promise<Buffer> {
  const { regular, bold } = fontSources;
  const t = documentTexts(data.language);
  if (!isCalendarDate(data.invoiceDate)) throw new Error(`Invalid invoice date ${JSON.stringify(data.invoiceDate)}: expected YYYY-MM-DD.`);
  const date = new Date(`${data.invoiceDate}T00:00:00.000Z`);
  const producer = 'strapi-plugin-invoicing';
  const doc = new PDFDocument({
    size: 'A4',
    // The default font: without it pdfkit loads Helvetica's metrics for every document.
    font: regular as unknown as string,
    margins: { top: TOP, left: LEFT, right: LEFT, bottom: 20 },
    bufferPages: true,
    lang: data.language,
    displayTitle: true,
    info: {
      Title: `${documentTitle(data.kind, data.language)} ${data.number}`,
      Author: data.seller.legalName,
      Subject: data.name,
      Creator: producer,
      Producer: producer,
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit accepts a parsed fontkit font wherever it accepts font bytes; its types only list the bytes.
  doc.registerFont(REGULAR, regular as unknown as Buffer);
  doc.registerFont(BOLD, bold as unknown as Buffer);
  reuseDeflatedSubsets(doc);
  prepareFont(doc, BOLD, bold);
  prepareFont(doc, REGULAR, regular);
  const layout: Layout = { doc, data, t, y: TOP };
  drawHeader(layout);
  drawAddressAndDetails(layout);
  drawLines(layout);
  drawSummary(layout);
  drawPayment(layout);
  drawFooters(layout);
  doc.end();
  return done;
}
