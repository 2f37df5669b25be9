// Generates the app icons assets/icon.png (512 px), icon.ico (PNG-in-ICO) and icon.icns (PNG-in-ICNS): an ECG trace on grid paper.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT_DIR = resolve(__dirname, '..', 'assets');

/** CRC-32 (ISO 3309, as PNG chunks use it). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** PNG (ISO/IEC 15948): 8-bit RGBA, filter 0 on every row, one zlib stream. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++)
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** One PQRST beat across the icon, as (x, y) in units of the icon size. */
const TRACE: readonly [number, number][] = [
  [0.1, 0.58],
  [0.26, 0.58],
  [0.3, 0.53],
  [0.34, 0.58],
  [0.4, 0.58],
  [0.44, 0.64],
  [0.5, 0.2],
  [0.56, 0.8],
  [0.6, 0.58],
  [0.66, 0.58],
  [0.73, 0.48],
  [0.8, 0.58],
  [0.9, 0.58],
];

function segmentDistance(
  px: number,
  py: number,
  [ax, ay]: readonly [number, number],
  [bx, by]: readonly [number, number],
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

/** RGBA pixels of the icon at `size` px: rounded pink square, red grid, dark trace, anti-aliased edges. */
export function drawIcon(size: number): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const radius = size * 0.18;
  const minor = size / 20;
  const traceHalf = Math.max(1, size * 0.035);
  const pts = TRACE.map(([x, y]) => [x * size, y * size] as [number, number]);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      // Coverage of the rounded square (1 inside, ramps over one pixel at the edge).
      const qx = Math.max(radius - cx, 0, cx - (size - radius));
      const qy = Math.max(radius - cy, 0, cy - (size - radius));
      const alpha = Math.max(0, Math.min(1, radius - Math.hypot(qx, qy) + 0.5));
      let [r, g, b] = [253, 236, 236];
      const onLine = (step: number, width: number) =>
        Math.min(Math.abs(((cx % step) + step) % step), step - (cx % step)) < width ||
        Math.min(cy % step, step - (cy % step)) < width;
      if (onLine(minor * 5, Math.max(0.75, size / 160))) [r, g, b] = [229, 115, 115];
      else if (onLine(minor, Math.max(0.5, size / 400))) [r, g, b] = [244, 180, 180];
      let d = Infinity;
      for (let i = 1; i < pts.length; i++)
        d = Math.min(d, segmentDistance(cx, cy, pts[i - 1] as [number, number], pts[i] as [number, number]));
      const ink = Math.max(0, Math.min(1, traceHalf - d + 0.5));
      const o = (y * size + x) * 4;
      out[o] = Math.round(r * (1 - ink) + 26 * ink);
      out[o + 1] = Math.round(g * (1 - ink) + 26 * ink);
      out[o + 2] = Math.round(b * (1 - ink) + 36 * ink);
      out[o + 3] = Math.round(alpha * 255);
    }
  }
  return out;
}

/** ICO with PNG-compressed images (Windows Vista and later; a width/height byte of 0 means 256). */
export function encodeIco(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * pngs.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = header.length;
  pngs.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map((p) => p.png)]);
}

/** ICNS (Apple icon family): 'icns' + length, then typed PNG entries: ic07 128, ic08 256, ic09 512 px. */
export function encodeIcns(entries: { type: 'ic07' | 'ic08' | 'ic09'; png: Buffer }[]): Buffer {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((s, p) => s + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

/** All three icon files, deterministic bytes. */
export function makeIcons(): { 'icon.png': Buffer; 'icon.ico': Buffer; 'icon.icns': Buffer } {
  const png = (size: number) => encodePng(size, size, drawIcon(size));
  const p512 = png(512);
  const p256 = png(256);
  const p128 = png(128);
  return {
    'icon.png': p512,
    'icon.ico': encodeIco(
      [256, 64, 48, 32, 16].map((size) => ({ size, png: size === 256 ? p256 : png(size) })),
    ),
    'icon.icns': encodeIcns([
      { type: 'ic07', png: p128 },
      { type: 'ic08', png: p256 },
      { type: 'ic09', png: p512 },
    ]),
  };
}

function main(): void {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(makeIcons())) {
    writeFileSync(join(OUT_DIR, name), bytes);
    process.stdout.write(`wrote assets/${name} (${bytes.length} bytes)\n`);
  }
}

if (require.main === module) main();
