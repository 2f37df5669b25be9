// Renders a laid-out ECG report (src/pipeline/report) to PDF bytes with pdfkit: vector lines and text only.
import PDFDocument from 'pdfkit';
import type { DrawItem, ReportDocument } from '../pipeline/report/reportLayout';

/** Document metadata written to the PDF info dictionary. */
export interface PdfInfo {
  /** Fixed creation date so that the same input gives the same file (pdfkit otherwise stamps the time). */
  creationDate: Date;
  producer: string;
}

function drawGrid(doc: PDFKit.PDFDocument, item: Extract<DrawItem, { kind: 'grid' }>): void {
  const { x, y, width, height } = item.rect;
  // Positions are multiples of the step from the grid origin (no accumulated rounding), minor lines first.
  const lines = (step: number, skipEvery: number) => {
    const nx = Math.round(width / step);
    const ny = Math.round(height / step);
    for (let i = 0; i <= nx; i++)
      if (skipEvery === 0 || i % skipEvery !== 0)
        doc.moveTo(x + i * step, y).lineTo(x + i * step, y + height);
    for (let j = 0; j <= ny; j++)
      if (skipEvery === 0 || j % skipEvery !== 0) doc.moveTo(x, y + j * step).lineTo(x + width, y + j * step);
  };
  const ratio = Math.round(item.majorStepPt / item.minorStepPt);
  doc.save().lineWidth(item.minorWidthPt).strokeColor(item.minorColor).lineCap('butt');
  lines(item.minorStepPt, ratio);
  doc.stroke().restore();
  doc.save().lineWidth(item.majorWidthPt).strokeColor(item.majorColor).lineCap('butt');
  lines(item.majorStepPt, 0);
  doc.stroke().restore();
}

function drawPolyline(doc: PDFKit.PDFDocument, item: Extract<DrawItem, { kind: 'polyline' }>): void {
  const p = item.points;
  if (p.length < 4) return;
  doc.save();
  if (item.clip) doc.rect(item.clip.x, item.clip.y, item.clip.width, item.clip.height).clip();
  doc.lineWidth(item.widthPt).strokeColor(item.color).lineJoin('round').lineCap('round');
  let pen = false;
  for (let i = 0; i + 1 < p.length; i += 2) {
    const x = p[i] as number;
    const y = p[i + 1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (pen) doc.lineTo(x, y);
    else doc.moveTo(x, y);
    pen = true;
  }
  doc.stroke().restore();
}

function drawText(doc: PDFKit.PDFDocument, item: Extract<DrawItem, { kind: 'text' }>): void {
  doc
    .font(item.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(item.sizePt)
    .fillColor(item.color ?? '#000000');
  const opts: PDFKit.Mixins.TextOptions =
    item.widthPt === undefined
      ? { lineBreak: false }
      : { width: item.widthPt, height: item.sizePt * 1.2, ellipsis: true, lineBreak: true };
  doc.text(item.text, item.x, item.y, opts);
}

/** PDF bytes of the report: one page per layout page, sizes exactly as laid out (points). */
export function renderReportPdf(report: ReportDocument, info: PdfInfo): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      autoFirstPage: false,
      compress: true,
      info: {
        Title: report.title,
        Creator: info.producer,
        Producer: info.producer,
        CreationDate: info.creationDate,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('error', reject);
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    try {
      for (const page of report.pages) {
        doc.addPage({ size: [page.widthPt, page.heightPt], margin: 0 });
        for (const item of page.items) {
          if (item.kind === 'grid') drawGrid(doc, item);
          else if (item.kind === 'polyline') drawPolyline(doc, item);
          else drawText(doc, item);
        }
      }
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
