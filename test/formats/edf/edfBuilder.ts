// Builds small EDF/EDF+ files byte by byte for reader tests (independent of the project's EDF writer).

export interface BuilderSignal {
  label: string;
  dimension?: string;
  physicalMin?: number;
  physicalMax?: number;
  digitalMin?: number;
  digitalMax?: number;
  prefiltering?: string;
  samplesPerRecord: number;
}

export interface BuilderOptions {
  reserved?: string;
  patient?: string;
  recording?: string;
  startDate?: string;
  startTime?: string;
  /** Written into the header; defaults to the number of records built. */
  numRecordsField?: string;
  durationField: string;
  signals: BuilderSignal[];
  numRecords: number;
  /** Digital samples of signal `s` in record `r` (ordinary signals). */
  samples?: (r: number, s: number, k: number) => number;
  /** Raw TAL text of annotation signal `s` in record `r`. */
  tal?: (r: number, s: number) => string;
}

function ascii(out: Uint8Array, offset: number, width: number, text: string): void {
  for (let i = 0; i < width; i++) out[offset + i] = i < text.length ? text.charCodeAt(i) : 0x20;
}

export function buildEdf(o: BuilderOptions): Uint8Array {
  const ns = o.signals.length;
  const headerBytes = 256 * (ns + 1);
  const recordBytes = 2 * o.signals.reduce((n, s) => n + s.samplesPerRecord, 0);
  const out = new Uint8Array(headerBytes + o.numRecords * recordBytes);
  ascii(out, 0, 8, '0');
  ascii(out, 8, 80, o.patient ?? 'X X X X');
  ascii(out, 88, 80, o.recording ?? 'Startdate X X X X');
  ascii(out, 168, 8, o.startDate ?? '01.02.03');
  ascii(out, 176, 8, o.startTime ?? '04.05.06');
  ascii(out, 184, 8, String(headerBytes));
  ascii(out, 192, 44, o.reserved ?? '');
  ascii(out, 236, 8, o.numRecordsField ?? String(o.numRecords));
  ascii(out, 244, 8, o.durationField);
  ascii(out, 252, 4, String(ns));
  let base = 256;
  const col = (width: number, f: (s: BuilderSignal) => string) => {
    o.signals.forEach((s, i) => ascii(out, base + i * width, width, f(s)));
    base += width * ns;
  };
  col(16, (s) => s.label);
  col(80, () => '');
  col(8, (s) => s.dimension ?? 'uV');
  col(8, (s) => String(s.physicalMin ?? -3276.8));
  col(8, (s) => String(s.physicalMax ?? 3276.7));
  col(8, (s) => String(s.digitalMin ?? -32768));
  col(8, (s) => String(s.digitalMax ?? 32767));
  col(80, (s) => s.prefiltering ?? '');
  col(8, (s) => String(s.samplesPerRecord));
  col(32, () => '');
  const view = new DataView(out.buffer);
  let off = headerBytes;
  for (let r = 0; r < o.numRecords; r++) {
    o.signals.forEach((s, si) => {
      if (s.label === 'EDF Annotations') {
        const text = new TextEncoder().encode(o.tal?.(r, si) ?? '');
        out.set(text.subarray(0, 2 * s.samplesPerRecord), off);
      } else {
        for (let k = 0; k < s.samplesPerRecord; k++) view.setInt16(off + 2 * k, o.samples?.(r, si, k) ?? 0, true);
      }
      off += 2 * s.samplesPerRecord;
    });
  }
  return out;
}
