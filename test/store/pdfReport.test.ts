import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridRect, layoutEcgReport, type Paper } from '../../src/pipeline/report/reportLayout';
import { renderReportPdf } from '../../src/store/pdfReport';
import { DIAGNOSES, REVIEW, simulatedRecord } from '../pipeline/report/fixtures';

const DPI = 300;
const PX_PER_MM = DPI / 25.4;
const hasPoppler = ['pdftoppm', 'pdfinfo', 'pdfimages'].every(
  (tool) => spawnSync(tool, ['-v'], { encoding: 'utf8' }).error === undefined,
);
const SKIP = 'poppler-utils (pdftoppm, pdfinfo, pdfimages) not installed: apt-get install -y poppler-utils';

async function renderTo(dir: string, paper: Paper): Promise<string> {
  const doc = layoutEcgReport(
    {
      record: simulatedRecord(),
      traces: { variant: 'original' },
      anonymize: false,
      appVersion: '0.1.0',
      generatedAt: '2026-11-28T06:00:00.000Z',
      diagnoses: DIAGNOSES,
      review: REVIEW,
    },
    { paper, layouts: ['3x4', '12x1'] },
  );
  const bytes = await renderReportPdf(doc, {
    creationDate: new Date('2026-11-28T06:00:00Z'),
    producer: 'ECG Studio test',
  });
  const file = join(dir, `report-${paper}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

/** Binary PGM (P5) from pdftoppm -gray. */
function readPgm(path: string): { width: number; height: number; px: Uint8Array } {
  const buf = readFileSync(path);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  assert.ok(header, 'PGM header');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, px: new Uint8Array(buf.buffer, buf.byteOffset + header[0].length, width * height) };
}

/** Centres (darkness-weighted) of the runs darker than halfway between the median and the darkest value: the major lines. */
function majorLineCentres(profile: Float64Array): number[] {
  const sorted = Array.from(profile).sort((a, b) => a - b);
  const threshold =
    ((sorted[sorted.length - 1] as number) + (sorted[Math.floor(sorted.length / 2)] as number)) / 2;
  const centres: number[] = [];
  let i = 0;
  while (i < profile.length) {
    if ((profile[i] as number) <= threshold) {
      i++;
      continue;
    }
    let w = 0;
    let s = 0;
    for (; i < profile.length && (profile[i] as number) > threshold; i++) {
      w += profile[i] as number;
      s += i * (profile[i] as number);
    }
    centres.push(s / w);
  }
  return centres;
}

/** Median darkness (255 − grey) of each column in [from, to) over rows [acrossFrom, acrossTo), or of each row over columns. */
function medianProfile(
  px: Uint8Array,
  width: number,
  from: number,
  to: number,
  acrossFrom: number,
  acrossTo: number,
  along: 'columns' | 'rows',
): Float64Array {
  const out = new Float64Array(to - from);
  const hist = new Uint32Array(256);
  const half = (acrossTo - acrossFrom) / 2;
  for (let i = from; i < to; i++) {
    hist.fill(0);
    for (let j = acrossFrom; j < acrossTo; j++)
      hist[255 - (px[along === 'columns' ? j * width + i : i * width + j] as number)]!++;
    let seen = 0;
    let v = 0;
    while (v < 255 && seen + (hist[v] as number) < half) seen += hist[v++] as number;
    out[i - from] = v;
  }
  return out;
}

/** Least-squares slope of centre position against line index (px per major square). */
function spacing(centres: number[]): number {
  const n = centres.length;
  const mx = (n - 1) / 2;
  const my = centres.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  centres.forEach((c, k) => {
    sxy += (k - mx) * (c - my);
    sxx += (k - mx) ** 2;
  });
  return sxy / sxx;
}

for (const [paper, wMm, hMm, sizeName] of [
  ['a4', 297, 210, 'A4'],
  ['letter', 279.4, 215.9, 'letter'],
] as const) {
  test(
    `renderReportPdf (${sizeName}): 2 vector pages of ${wMm} × ${hMm} mm; 5-mm grid, 10-mm/mV pulse, 25 mm/s at true scale within 1 % (pdftoppm ${DPI} dpi)`,
    { skip: hasPoppler ? false : SKIP },
    async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'ecg-pdf-'));
      try {
        const pdf = await renderTo(dir, paper);
        const bytes = readFileSync(pdf);
        assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.ok(!bytes.includes('/Subtype /Image'), 'no raster image objects');
        const images = spawnSync('pdfimages', ['-list', pdf], { encoding: 'utf8' });
        assert.equal(
          images.stdout.trim().split('\n').length,
          2,
          `pdfimages lists only its header: ${images.stdout}`,
        );

        const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
        assert.match(info, /^Pages:\s+2$/m);
        const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
        assert.ok(size, info);
        const [wPt, hPt] = [Number(size[1]), Number(size[2])];
        assert.ok(
          Math.abs((wPt * 25.4) / 72 / wMm - 1) < 0.01 && Math.abs((hPt * 25.4) / 72 / hMm - 1) < 0.01,
          `page ${wPt} × ${hPt} pt`,
        );

        spawnSync('pdftoppm', ['-r', String(DPI), '-f', '1', '-l', '1', '-gray', pdf, join(dir, 'page')]);
        const { width, height, px } = readPgm(join(dir, 'page-1.pgm'));
        assert.ok(
          Math.abs(width / PX_PER_MM / wMm - 1) < 0.01 && Math.abs(height / PX_PER_MM / hMm - 1) < 0.01,
          `raster ${width} × ${height}`,
        );

        const g = gridRect(paper);
        const [x0, x1, y0, y1] = [g.x, g.x + g.width, g.y, g.y + g.height].map((pt) =>
          Math.round((pt / 72) * DPI),
        ) as [number, number, number, number];
        // Median darkness per column (and per row) across the grid: traces, pulses and labels cover far fewer than half
        // the pixels of any column, so the median sees only the grid.
        const cols = medianProfile(px, width, x0 - 4, x1 + 5, y0, y1, 'columns');
        const rows = medianProfile(px, width, y0 - 4, y1 + 5, x0, x1, 'rows');
        const vertical = majorLineCentres(cols);
        const horizontal = majorLineCentres(rows);
        assert.equal(vertical.length, 265 / 5 + 1, 'major vertical lines');
        assert.equal(horizontal.length, 150 / 5 + 1, 'major horizontal lines');
        const expected = 5 * PX_PER_MM;
        const errX = spacing(vertical) / expected - 1;
        const errY = spacing(horizontal) / expected - 1;
        t.diagnostic(
          `${sizeName}: page ${wPt} × ${hPt} pt; 5-mm spacing ${(spacing(vertical) / PX_PER_MM).toFixed(4)} mm (x), ${(spacing(horizontal) / PX_PER_MM).toFixed(4)} mm (y); error ${(errX * 100).toFixed(3)} % / ${(errY * 100).toFixed(3)} %`,
        );
        assert.ok(Math.abs(errX) < 0.01 && Math.abs(errY) < 0.01, `spacing error ${errX}, ${errY}`);

        // Amplitude at true scale: each row's 1 mV calibration pulse, top minus baseline, is 10 mm.
        const blackRuns = (xMm: number) => {
          const x = Math.round(x0 + xMm * PX_PER_MM);
          const runs: number[] = [];
          for (let y = y0; y < y1; y++) {
            if ((px[y * width + x] as number) >= 100) continue;
            let n = 0;
            let sum = 0;
            for (; y < y1 && (px[y * width + x] as number) < 100; y++) {
              n++;
              sum += y;
            }
            runs.push(sum / n);
          }
          return runs;
        };
        const baselines = blackRuns(1.5);
        const tops = blackRuns(5.5);
        assert.equal(baselines.length, 4, 'one pulse per row');
        assert.equal(tops.length, 4, 'one pulse per row');
        const heightsMm = baselines.map((b, k) => (b - (tops[k] as number)) / PX_PER_MM);
        t.diagnostic(
          `${sizeName}: calibration pulses ${heightsMm.map((h) => h.toFixed(3)).join(', ')} mm (1 mV at 10 mm/mV)`,
        );
        for (const h of heightsMm) assert.ok(Math.abs(h / 10 - 1) < 0.01, `pulse height ${h} mm`);
        // Time at true scale: the pulse lasts 0.2 s, so its rising and falling edges are 5 mm apart at 25 mm/s.
        const midY = Math.round(((baselines[0] as number) + (tops[0] as number)) / 2);
        const edges: number[] = [];
        for (let x = x0; x < x0 + 10 * PX_PER_MM; x++) {
          if ((px[midY * width + x] as number) >= 100) continue;
          let n = 0;
          let sum = 0;
          for (; (px[midY * width + x] as number) < 100; x++) {
            n++;
            sum += x;
          }
          edges.push(sum / n);
        }
        assert.equal(edges.length, 2, 'two pulse edges');
        const pulseMm = ((edges[1] as number) - (edges[0] as number)) / PX_PER_MM;
        t.diagnostic(`${sizeName}: calibration pulse width ${pulseMm.toFixed(3)} mm (0.2 s at 25 mm/s)`);
        assert.ok(Math.abs(pulseMm / 5 - 1) < 0.01, `pulse width ${pulseMm} mm`);

        // A look at the page for people: test-artifacts/report/ (ignored by git).
        const artifacts = join(process.cwd(), 'test-artifacts', 'report');
        mkdirSync(artifacts, { recursive: true });
        spawnSync('pdftoppm', ['-r', '100', '-png', pdf, join(artifacts, `report-${paper}`)]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}

test('renderReportPdf: the same report and creation date give the same bytes', async () => {
  const doc = layoutEcgReport(
    {
      record: simulatedRecord(),
      traces: { variant: 'original' },
      anonymize: true,
      appVersion: '0.1.0',
      generatedAt: '2026-11-28T06:00:00.000Z',
    },
    { paper: 'a4', layouts: ['3x4'] },
  );
  const info = { creationDate: new Date('2026-11-28T06:00:00Z'), producer: 'ECG Studio test' };
  const a = await renderReportPdf(doc, info);
  const b = await renderReportPdf(doc, info);
  const strip = (x: Uint8Array) =>
    Buffer.from(x)
      .toString('latin1')
      .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, '');
  assert.equal(strip(a), strip(b));
});
