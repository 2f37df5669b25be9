// Deterministic PCM inputs behind the flac-CLI golden files in test/golden/flac (the test rebuilds them to compare).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FlacGoldenCase {
  /** File stem: test/golden/flac/<name>.flac, encoded from <name>.raw. */
  name: string;
  channels: number;
  bitsPerSample: number;
  samples: number;
  sampleRateHz: number;
  /** Options given to `flac` besides the raw-format ones (see README.md). */
  flacArgs: string;
}

export const FLAC_GOLDEN_CASES: FlacGoldenCase[] = [
  { name: 'mono8-fixed', channels: 1, bitsPerSample: 8, samples: 2400, sampleRateHz: 250, flacArgs: '-l 0 -b 192 -r 4' },
  { name: 'mono16-lpc', channels: 1, bitsPerSample: 16, samples: 2000, sampleRateHz: 360, flacArgs: '-8 -b 500 --lax' },
  { name: 'mono16-lpc32', channels: 1, bitsPerSample: 16, samples: 2000, sampleRateHz: 1000, flacArgs: '--lax -l 32 -b 1000 -e -p -r 8' },
  { name: 'stereo16-joint', channels: 2, bitsPerSample: 16, samples: 2560, sampleRateHz: 44100, flacArgs: '-8 -b 256 -m' },
  { name: 'tri24-rice2', channels: 3, bitsPerSample: 24, samples: 900, sampleRateHz: 500, flacArgs: '-5 -b 100 --lax' },
  { name: 'stereo24-wasted', channels: 2, bitsPerSample: 24, samples: 1500, sampleRateHz: 500, flacArgs: '-5 -b 300 --lax' },
  { name: 'mono32', channels: 1, bitsPerSample: 32, samples: 500, sampleRateHz: 500, flacArgs: '-5 -b 400 --lax' },
];

/** Park–Miller style generator, so the inputs are the same on every machine. */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 48271) % 2147483647;
    return x / 2147483647;
  };
}

/** An ECG-like waveform: a narrow spike train on a slow wave, in [-1, 1]. */
function ecgLike(t: number, periodSamples: number): number {
  const phase = (t % periodSamples) / periodSamples;
  const qrs = Math.exp(-(((phase - 0.3) / 0.012) ** 2));
  const tWave = 0.25 * Math.exp(-(((phase - 0.6) / 0.05) ** 2));
  return 0.8 * qrs + tWave - 0.1 + 0.05 * Math.sin((2 * Math.PI * t) / (periodSamples * 7.3));
}

/** The samples of one golden case, one Int32Array per channel. */
export function goldenSamples(c: FlacGoldenCase): Int32Array[] {
  const rand = lcg(c.name.length * 7919 + c.channels * 31 + c.bitsPerSample);
  const full = 2 ** (c.bitsPerSample - 1) - 1;
  const clamp = (v: number): number => Math.max(-full - 1, Math.min(full, Math.round(v)));
  const out = Array.from({ length: c.channels }, () => new Int32Array(c.samples));
  for (let i = 0; i < c.samples; i++) {
    // Sections: a flat run (CONSTANT), full-scale noise (VERBATIM), then ECG-like signal with a little noise.
    const section = i < c.samples / 6 ? 0 : i < c.samples / 4 ? 1 : 2;
    const base = ecgLike(i, 180 + 20 * c.channels);
    for (let ch = 0; ch < c.channels; ch++) {
      let v: number;
      if (section === 0) v = ch === 0 ? 3 : -(ch + 1);
      else if (section === 1) v = (rand() * 2 - 1) * full;
      else if (c.channels === 2 && (i >> 8) % 2 === 1) {
        // L = X + Y, R = X − Y with a noisy common part X and a small difference Y: mid/side pays off.
        if (ch === 0) {
          const x = base * full * 0.6 + (rand() - 0.5) * 400;
          const y = (rand() - 0.5) * 16;
          out[1]![i] = clamp(x - y);
          v = x + y;
        } else v = out[1]![i]!;
      } else if (c.channels === 2 && ch === 1) {
        // Second channel: the first one plus a small difference, so left/side pays off.
        v = out[0]![i]! * 0.97 + 40 * (rand() - 0.5);
      } else if (c.name.includes('lpc')) {
        // Several noiseless sinusoids: long linear predictors pay off.
        v = 0;
        for (let k = 1; k <= 7; k++) v += Math.sin(i * (0.013 * k * k + 0.05) + k) / 7;
        v *= full * 0.7;
      } else v = base * full * (0.6 - 0.1 * ch) + (rand() - 0.5) * 8;
      out[ch]![i] = clamp(v);
    }
  }
  if (c.name.includes('wasted')) {
    // Low bits always zero: the encoder signals them as wasted bits.
    for (const ch of out) for (let i = 0; i < ch.length; i++) ch[i] = Math.floor(ch[i]! / 8) * 8;
  }
  return out;
}

/** Interleaved little-endian signed PCM (8, 16, 24 or 32 bits, as flac's raw input takes them). */
export function goldenRaw(c: FlacGoldenCase): Uint8Array {
  const chs = goldenSamples(c);
  const bytesPer = Math.ceil(c.bitsPerSample / 8);
  const raw = new Uint8Array(c.samples * c.channels * bytesPer);
  let o = 0;
  for (let i = 0; i < c.samples; i++) {
    for (const ch of chs) {
      let v = ch[i]!;
      for (let b = 0; b < bytesPer; b++, v >>= 8) raw[o++] = v & 0xff;
    }
  }
  return raw;
}

/** Writes <name>.raw for every case into `dir` (used by test/golden/flac/make-goldens.sh). */
export function writeGoldenRaw(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const c of FLAC_GOLDEN_CASES) writeFileSync(join(dir, `${c.name}.raw`), goldenRaw(c));
}
